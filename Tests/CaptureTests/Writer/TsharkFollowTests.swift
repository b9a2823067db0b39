import Capture
import Foundation
import NIOCore
import TestSupport
import Testing

/// What the writer and synthesizer make, read by the real tshark: every TCP stream followed back
/// to exactly the bytes each side sent, with no malformed packet, bad checksum or TCP analysis
/// complaint.
@Suite struct TsharkFollowTests {
    /// 2025-11-24T16:00:00.123456789Z: the nanoseconds show whether the precision survived.
    static let start: Int64 = 1_764_000_000_123_456_789

    @Test(arguments: [
        (PcapWriter.TimestampPrecision.microseconds, LinkType.ethernet), (.nanoseconds, .ethernet), (.nanoseconds, .raw),
    ])
    func tsharkFollowsEveryStreamBackToTheBytesSent(precision: PcapWriter.TimestampPrecision, linkType: LinkType) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = scratch.file("streams.pcap")
        let writer = try PcapWriter(path: file, precision: precision, linkType: linkType)
        let connections = try Self.writeFourConnections(writer)
        try writer.close()

        #expect(try Tshark.streamCount(file) == connections.count)
        let followed = try Tshark.follow(file, streams: connections.count)
        for connection in connections {
            let client = connection.synthesizer.client, server = connection.synthesizer.server
            let stream = try #require(
                followed.values.first { $0.node0.hasSuffix(":\(client.port)") }, "tshark has no stream from client port \(client.port)")
            #expect(stream.node1.hasSuffix(":\(server.port)"), "\(client): server node is \(stream.node1)")
            #expect(Self.difference(stream.fromNode0, connection.clientSent) == nil, "\(client) -> \(server), client bytes")
            #expect(Self.difference(stream.fromNode1, connection.serverSent) == nil, "\(client) -> \(server), server bytes")
        }
        let problems = try Tshark.problems(file)
        #expect(problems.isEmpty, "tshark: \(problems)")

        let times = try Tshark.run(["-r", file, "-c", "1", "-T", "fields", "-e", "frame.time_epoch"])
        let expected = precision == .nanoseconds ? "1764000000.123456789" : "1764000000.123456000"
        #expect(times.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }

    /// The checks above can fail: one payload byte changed in the file is a bad TCP checksum.
    @Test func tsharkReportsACorruptedPayloadByte() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = scratch.file("corrupt.pcap")
        let writer = try PcapWriter(path: file)
        var connection = try RecordedConnection(client: TCPEndpoint(address: "127.0.0.1", port: 40100), server: TCPEndpoint(address: "127.0.0.1", port: 7100))
        try connection.open(writer, at: Self.start)
        try connection.send(Array("PING\r\n".utf8), from: .client, writer, at: Self.start + 1)
        try writer.close()
        let before = try Tshark.problems(file)
        #expect(before.isEmpty, "tshark: \(before)")

        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        let ping = try #require(bytes.firstRange(of: Array("PING".utf8)))
        bytes[ping.lowerBound] = UInt8(ascii: "B")
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let problems = try Tshark.problems(file)
        #expect(problems.count == 1 && problems.first?.contains("checksum") == true, "\(problems)")
    }

    /// Four connections, interleaved in time: IPv4 and IPv6, payloads of many segments both
    /// ways, a half-close each way, a sequence number wrapping past 2^32, a reset, a tiny MSS.
    static func writeFourConnections(_ writer: PcapWriter) throws -> [RecordedConnection] {
        var bytes = SeededGenerator(seed: 7)
        var time = start
        func tick() -> Int64 {
            time += 250_000
            return time
        }
        var a = try RecordedConnection(client: TCPEndpoint(address: "127.0.0.1", port: 40001), server: TCPEndpoint(address: "127.0.0.1", port: 7000))
        var b = try RecordedConnection(client: TCPEndpoint(address: "::1", port: 40002), server: TCPEndpoint(address: "::1", port: 7001))
        var c = try RecordedConnection(
            client: TCPEndpoint(address: "127.0.0.2", port: 40003), server: TCPEndpoint(address: "127.0.0.1", port: 7000),
            clientInitialSequence: 0xFFFF_F000)
        var d = try RecordedConnection(
            client: TCPEndpoint(address: "fd00::1", port: 40004), server: TCPEndpoint(address: "fd00::2", port: 7002), maximumSegmentSize: 536)

        try a.open(writer, at: start)
        try b.open(writer, at: tick())
        try c.open(writer, at: tick())
        try d.open(writer, at: tick())
        for round in 0..<10 {
            try a.send(bytes.bytes(10_000), from: .client, writer, at: tick())
            if round % 3 == 0 { try a.send(bytes.bytes(2_000), from: .server, writer, at: tick()) }
            try c.send(bytes.bytes(2_000), from: .client, writer, at: tick())
            if round == 2 { try b.send(bytes.bytes(50), from: .client, writer, at: tick()) }
            if round == 4 { try b.send(bytes.bytes(70_000), from: .server, writer, at: tick()) }
            if round == 5 { try d.send(bytes.bytes(1), from: .client, writer, at: tick()) }
            if round == 6 { try d.send(bytes.bytes(9_999), from: .server, writer, at: tick()) }
        }
        try a.close(from: .client, writer, at: tick())
        try a.send(bytes.bytes(500), from: .server, writer, at: tick())
        try a.close(from: .server, writer, at: tick())
        try b.close(from: .server, writer, at: tick())
        try b.send(bytes.bytes(10), from: .client, writer, at: tick())
        try b.close(from: .client, writer, at: tick())
        try c.send(bytes.bytes(1), from: .server, writer, at: tick())
        try c.reset(from: .server, writer, at: tick())
        try d.close(from: .client, writer, at: tick())
        try d.close(from: .server, writer, at: tick())
        return [a, b, c, d]
    }

    /// nil when equal, else where they part (arrays of 100 kB would make unreadable messages).
    static func difference(_ actual: [UInt8], _ expected: [UInt8]) -> String? {
        if actual == expected { return nil }
        let common = zip(actual, expected).prefix { $0 == $1 }.count
        return "\(actual.count) bytes followed, \(expected.count) sent, first difference at byte \(common)"
    }
}
