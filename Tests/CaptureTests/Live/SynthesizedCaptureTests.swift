import Capture
import Dispatch
import NIOCore
import Testing

/// What a proxy records without root: connections reported from many threads at once come out
/// as one time-ordered pcap that our reader and the real tshark follow back to the bytes.
@Suite struct SynthesizedCaptureTests {
    static func endpoints(_ index: Int) -> (client: TCPEndpoint, server: TCPEndpoint) {
        (TCPEndpoint(address: "127.0.0.\(2 + index % 3)", port: UInt16(41_000 + index)), TCPEndpoint(address: "127.0.0.\(5 + index % 2)", port: 7001))
    }

    @Test func connectionsRecordedConcurrentlyReassembleAndTsharkFollowsThem() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = scratch.file("proxy.pcap")
        let capture = try SynthesizedCapture(path: file)
        let count = 8
        // Each connection on its own thread: requests and replies of several segments, then
        // the client closes and the server follows; connection 3 is reset by the server.
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let (client, server) = Self.endpoints(index)
            let connection = capture.open(client: client, server: server)
            for round in 0..<5 {
                connection.forwarded(ByteBuffer(string: Self.request(index, round)), from: .client)
                connection.forwarded(ByteBuffer(string: Self.reply(index, round)), from: .server)
            }
            if index == 3 {
                connection.reset(by: .server)
            } else {
                connection.closed(by: .client)
                connection.closed(by: .server)
            }
        }
        let statistics = capture.close()
        #expect(statistics.connections == count && statistics.problem == nil && statistics.eventsLeftOut == 0, "\(statistics)")

        let reader = try TCPSegmentReader(path: file)
        let reassembler = TCPReassembler()
        var log = EventLog()
        var lastTime: Int64 = 0
        var ordered = true
        while let segment = try reader.next() {
            ordered = ordered && segment.timestamp >= lastTime
            lastTime = segment.timestamp
            reassembler.process(segment) { log.events.append($0) }
        }
        reassembler.finish { log.events.append($0) }
        #expect(ordered, "packets are not in time order")
        #expect(log.opened.count == count && log.gaps.isEmpty && log.contractViolations.isEmpty)
        for opened in log.opened {
            let index = Int(opened.client.port) - 41_000
            #expect(opened.client == Self.endpoints(index).client && opened.server == Self.endpoints(index).server)
            #expect(log.text(opened.connection.number, .clientToServer) == (0..<5).map { Self.request(index, $0) }.joined())
            #expect(log.text(opened.connection.number, .serverToClient) == (0..<5).map { Self.reply(index, $0) }.joined())
        }

        #expect(try Tshark.streamCount(file) == count)
        let followed = try Tshark.follow(file, streams: count)
        for stream in followed.values {
            let index = try #require(stream.node0.split(separator: ":").last.flatMap { Int($0) }.map { $0 - 41_000 })
            #expect(String(decoding: stream.fromNode0, as: UTF8.self) == (0..<5).map { Self.request(index, $0) }.joined())
            #expect(String(decoding: stream.fromNode1, as: UTF8.self) == (0..<5).map { Self.reply(index, $0) }.joined())
        }
        let problems = try Tshark.problems(file)
        #expect(problems.isEmpty, "tshark: \(problems)")
    }

    /// Events the synthesizer cannot place are counted and left out; after close nothing is written.
    @Test func impossibleEventsAreLeftOutAndCounted() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let capture = try SynthesizedCapture(path: scratch.file("odd.pcap"))
        let (client, server) = Self.endpoints(0)
        let connection = capture.open(client: client, server: server)
        connection.closed(by: .client)
        connection.forwarded(ByteBuffer(string: "after FIN"), from: .client)
        let statistics = capture.close()
        #expect(statistics.eventsLeftOut == 1)
        #expect(statistics.firstLeftOut?.contains("after its FIN") == true, "\(statistics)")
        connection.forwarded(ByteBuffer(string: "after close"), from: .server)  // ignored, no crash
        #expect(capture.close().packets == statistics.packets)
    }

    @Test func anUnwritableFileIsAnErrorAtOnce() {
        #expect(throws: CaptureError.self) { try SynthesizedCapture(path: "/nonexistent-dir/proxy.pcap") }
    }

    static func request(_ index: Int, _ round: Int) -> String {
        "*3\r\n$3\r\nSET\r\n$5\r\nkey\(index)\(round)\r\n$\(1500 + index)\r\n" + String(repeating: "v", count: 1500 + index) + "\r\n"
    }

    static func reply(_ index: Int, _ round: Int) -> String { "+OK \(index) \(round)\r\n" }
}
