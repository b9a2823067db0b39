import Capture
import NIOCore
import TestSupport
import Testing

/// The parts together, as replay will use them: what the synthesizer and writer record is read
/// back by libpcap, decoded to segments and reassembled into exactly the bytes each side sent;
/// and a real tcpdump capture reassembles the same way.
@Suite struct CaptureRoundTripTests {
    @Test func writtenConnectionsReassembleToWhatEachSideSent() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("round-trip.pcap")
        let writer = try PcapWriter(path: path, precision: .nanoseconds)
        var time: Int64 = 1_760_000_000_000_000_000
        func tick() -> Int64 {
            time += 1_000
            return time
        }
        var bytes = SeededGenerator(seed: 11)
        var ipv4 = try RecordedConnection(
            client: TCPEndpoint(address: "127.0.0.1", port: 40_001), server: TCPEndpoint(address: "127.0.0.1", port: 7000),
            clientInitialSequence: 0xFFFF_F000)  // wraps inside the first segments
        var ipv6 = try RecordedConnection(
            client: TCPEndpoint(address: "::1", port: 40_002), server: TCPEndpoint(address: "::1", port: 5672), maximumSegmentSize: 536)
        try ipv4.open(writer, at: tick())
        try ipv6.open(writer, at: tick())
        for round in 0..<6 {
            try ipv4.send(bytes.bytes(3_000 + round), from: .client, writer, at: tick())
            try ipv6.send(bytes.bytes(700), from: .client, writer, at: tick())
            try ipv4.send(bytes.bytes(120), from: .server, writer, at: tick())
            try ipv6.send(bytes.bytes(5_000), from: .server, writer, at: tick())
        }
        try ipv4.close(from: .client, writer, at: tick())
        try ipv4.close(from: .server, writer, at: tick())
        try ipv6.reset(from: .server, writer, at: tick())
        try writer.close()

        let reader = try TCPSegmentReader(path: path)
        let reassembler = TCPReassembler()
        var log = EventLog()
        while let segment = try reader.next() { reassembler.process(segment) { log.events.append($0) } }
        reassembler.finish { log.events.append($0) }

        #expect(reader.problems.count == 0 && reader.notTCPCount == 0)
        #expect(log.contractViolations.isEmpty, "\(log.contractViolations)")
        #expect(log.gaps.isEmpty)
        #expect(log.opened.map { "\($0.client) -> \($0.server)" } == ["127.0.0.1:40001 -> 127.0.0.1:7000", "[::1]:40002 -> [::1]:5672"])
        #expect(log.opened.allSatisfy { !$0.evidence.isMidStream })
        let first = try #require(log.opened.first?.connection.number), second = try #require(log.opened.last?.connection.number)
        #expect(log.bytes(first, .clientToServer) == ipv4.clientSent)
        #expect(log.bytes(first, .serverToClient) == ipv4.serverSent)
        #expect(log.bytes(second, .clientToServer) == ipv6.clientSent)
        #expect(log.bytes(second, .serverToClient) == ipv6.serverSent)
        #expect(log.closed.count == 2)
    }

    @Test func aRealTcpdumpCaptureReassembles() throws {
        let reader = try TCPSegmentReader(path: PcapFixtures.path("tcpdump-lo-ipv4.pcap"))
        let reassembler = TCPReassembler()
        var log = EventLog()
        while let segment = try reader.next() { reassembler.process(segment) { log.events.append($0) } }
        reassembler.finish { log.events.append($0) }
        let connection = try #require(log.opened.first?.connection.number)
        #expect(log.opened.count == 1 && log.gaps.isEmpty && log.contractViolations.isEmpty)
        #expect(log.text(connection, .clientToServer) == RealCaptureTests.sent.joined())
        #expect(log.text(connection, .serverToClient) == RealCaptureTests.sent.joined().uppercased())
    }
}
