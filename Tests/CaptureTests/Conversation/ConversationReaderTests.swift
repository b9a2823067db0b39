import AMQP
import Capture
import NIOCore
import RESP
import Testing

/// The reader end to end: pcaps made with the synthesizer and writer, segment lists with
/// holes, the crafted and the real tcpdump fixtures.
@Suite struct ConversationReaderTests {
    static func command(_ words: String...) -> ApplicationMessage { .resp(.array(words.map { .bulk($0) })) }
    static let start: Int64 = 1_760_000_000_000_000_000

    /// RESP, AMQP, HTTP and an unknown protocol on four connections, interleaved.
    @Test func aSynthesizedCaptureOfFourProtocolsDecodes() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.file("four.pcap")
        let writer = try PcapWriter(path: path, precision: .nanoseconds)
        var time = Self.start
        func tick() -> Int64 {
            time += 1_000_000  // 1 ms
            return time
        }
        let local = "127.0.0.1"
        var resp = try RecordedConnection(client: TCPEndpoint(address: local, port: 40_001), server: TCPEndpoint(address: local, port: 7000), maximumSegmentSize: 10)
        var amqp = try RecordedConnection(client: TCPEndpoint(address: local, port: 40_002), server: TCPEndpoint(address: local, port: 5672))
        var http = try RecordedConnection(client: TCPEndpoint(address: "::1", port: 40_003), server: TCPEndpoint(address: "::1", port: 8080))
        var other = try RecordedConnection(client: TCPEndpoint(address: local, port: 40_004), server: TCPEndpoint(address: local, port: 9999))
        for connection in [0, 1, 2, 3] {
            switch connection {
            case 0: try resp.open(writer, at: tick())
            case 1: try amqp.open(writer, at: tick())
            case 2: try http.open(writer, at: tick())
            default: try other.open(writer, at: tick())
            }
        }
        // RESP with a 10-byte MSS: every message spans several packets.
        let setTime = tick()
        try resp.send(Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nvalue\r\n".utf8), from: .client, writer, at: setTime)
        try http.send(Array("GET /x HTTP/1.1\r\nHost: h\r\n\r\nHEAD /x HTTP/1.1\r\nHost: h\r\n\r\n".utf8), from: .client, writer, at: tick())
        let getTime = tick()
        try resp.send(Array("GET k\r\n".utf8), from: .client, writer, at: getTime)
        var amqpClient = ByteBuffer(bytes: ProtocolHeader.amqp091.bytes)
        let publish = Command(channel: 1, method: .basic(.publish(.init(routingKey: "q"))), content: Content(body: ByteBuffer(string: "body")))
        for frame in [Frame.method(channel: 1, .channel(.open()))] + publish.frames(frameMax: 4096) { try frame.encode(into: &amqpClient) }
        try amqp.send(Array(amqpClient.readableBytesView), from: .client, writer, at: tick())
        try other.send([0x16, 3, 1, 0, 5, 1, 2, 3, 4, 5], from: .client, writer, at: tick())
        try resp.send(Array("+OK\r\n$5\r\nvalue\r\n".utf8), from: .server, writer, at: tick())
        try http.send(Array("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhiHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n".utf8), from: .server, writer, at: tick())
        var amqpServer = ByteBuffer()
        try Frame.method(channel: 1, .channel(.openOk())).encode(into: &amqpServer)
        try Frame.heartbeat().encode(into: &amqpServer)
        try amqp.send(Array(amqpServer.readableBytesView), from: .server, writer, at: tick())
        try other.send(Array("whatever".utf8), from: .server, writer, at: tick())
        for connection in [resp, amqp, http, other] {
            var connection = connection
            try connection.close(from: .client, writer, at: tick())
            try connection.close(from: .server, writer, at: tick())
        }
        try writer.close()

        var reader = try ConversationReader(path: path)
        let log = ConversationLog(&reader)
        #expect(log.error == nil)
        #expect(log.opened.map(\.server.port) == [7000, 5672, 8080, 9999])
        #expect(log.closed.count == 4 && log.closed.allSatisfy { $0.reason == .finished })
        #expect(log.messages(1, .clientToServer) == [Self.command("SET", "k", "value"), Self.command("GET", "k")])
        #expect(log.messages(1, .serverToClient) == [.resp(.simpleString("OK")), .resp(.bulk("value"))])
        #expect(
            log.messages(2, .clientToServer) == [
                .amqpProtocolHeader(.amqp091), .amqp(Command(channel: 1, method: .channel(.open()))), .amqp(publish),
            ])
        #expect(log.messages(2, .serverToClient) == [.amqp(Command(channel: 1, method: .channel(.openOk()))), .amqpHeartbeat])
        let responses = log.messages(3, .serverToClient).compactMap { if case .http(let message) = $0 { message } else { nil } }
        // The second answers HEAD: no body, so its Content-Length does not swallow anything.
        #expect(responses.map { String(buffer: $0.body) } == ["hi", ""])
        #expect(log.messages(3, .clientToServer).count == 2)
        #expect(log.messages(4, .clientToServer).isEmpty && log.messages(4, .serverToClient).isEmpty)
        #expect(log.problems.count == 1)
        let unknown = log.problems.first
        #expect(unknown?.connection?.number == 4 && unknown?.direction == .clientToServer && unknown?.streamOffset == 0 && unknown?.packetNumber != nil)
        #expect(unknown?.reason == #"not RESP, AMQP or HTTP: starts with "\x16\x03\x01\x00\x05\x01\x02\x03\x04\x05"; the connection is not decoded"#)
        // Stamps: the first byte's packet and time; offsets in the direction's stream.
        let respRequests = log.messages.filter { $0.connection.number == 1 && $0.direction == .clientToServer }
        #expect(respRequests.map(\.streamOffset) == [0, 31])
        #expect(respRequests.map(\.timestamp) == [setTime / 1000, getTime / 1000])
        #expect(respRequests.map { $0.protocol } == [.resp, .resp])
        #expect(reader.statistics.connections == 4 && reader.statistics.messages == log.messages.count && reader.statistics.problems == 1)
        #expect(reader.statistics.packets >= reader.statistics.segments && reader.statistics.segments > 20)
    }

    @Test func aGapStopsItsDirectionOnly() {
        var maker = SegmentMaker()
        let request = Array("*1\r\n$4\r\nPING\r\n".utf8)  // 14 bytes
        var segments = [
            maker.make(.clientToServer, seq: 99, flags: [.syn]), maker.make(.serverToClient, seq: 499, ack: 100, flags: [.syn, .ack]),
            maker.make(.clientToServer, seq: 100, request), maker.make(.serverToClient, seq: 500, "+PONG\r\n"),
        ]
        // The second request's first segment is lost; the third arrives.
        _ = maker.make(.clientToServer, seq: 114, Array(request.prefix(6)))
        segments.append(maker.make(.clientToServer, seq: 120, Array(request.suffix(8)) + request))
        segments.append(maker.make(.serverToClient, seq: 507, "+PONG\r\n+PONG\r\n"))
        segments.append(maker.make(.clientToServer, seq: 142, flags: [.fin, .ack]))
        segments.append(maker.make(.serverToClient, seq: 521, flags: [.fin, .ack]))
        var reader = ConversationReader(segments: segments)
        let log = ConversationLog(&reader)
        #expect(log.messages(1, .clientToServer) == [Self.command("PING")])
        #expect(log.messages(1, .serverToClient).count == 3)
        #expect(log.problems.count == 1)
        #expect(log.problems.first?.direction == .clientToServer && log.problems.first?.streamOffset == 14)
        #expect(log.problems.first?.reason.contains("6 bytes missing") == true)
    }

    @Test func aDecodingErrorIsOneProblemAtItsPacket() {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 99, flags: [.syn]), maker.make(.serverToClient, seq: 499, ack: 100, flags: [.syn, .ack]),
            maker.make(.clientToServer, seq: 100, "PING\r\nPING\r\n"), maker.make(.serverToClient, seq: 500, "+PONG\r\n"),
            maker.make(.serverToClient, seq: 507, "?PONG\r\n"), maker.make(.serverToClient, seq: 514, "+PONG\r\n"),
        ]
        var reader = ConversationReader(segments: segments)
        let log = ConversationLog(&reader)
        #expect(log.messages(1, .clientToServer).count == 2)
        #expect(log.messages(1, .serverToClient) == [.resp(.simpleString("PONG"))])
        #expect(log.problems.map(\.description) == ["connection 1 server→client at stream offset 7 (packet 5): RESP reply: unknown type byte '?' (0x3f) (at byte 0 of the reply)"])
        #expect(log.closed.map(\.reason) == [.endOfInput])
    }

    @Test func aGivenProtocolSkipsDetection() {
        var maker = SegmentMaker()
        maker.server.port = 12345
        let segments = [maker.make(.clientToServer, seq: 99, flags: [.syn]), maker.make(.clientToServer, seq: 100, "GET / HTTP/1.1\r\n\r\n")]
        var detected = ConversationReader(segments: segments)
        #expect(ConversationLog(&detected).messages.count == 1)
        var forced = ConversationReader(segments: segments, protocol: .resp)
        #expect(ConversationLog(&forced).messages(1, .clientToServer) == [Self.command("GET", "/", "HTTP/1.1")])
    }

    @Test(arguments: [
        "ethernet.pcap", "ethernet-nanos.pcap", "null-little-endian.pcap", "null-big-endian-ipv6.pcap", "loop.pcap", "linux-sll.pcap",
        "linux-sll2-ipv6.pcap", "raw.pcap", "ipv4.pcap", "ipv6.pcap", "ipv6-extension-headers.pcap", "unknown-block.pcapng",
    ])
    func theCraftedFixturesArePingAndPong(file: String) throws {
        var reader = try ConversationReader(path: PcapFixtures.path(file))
        let log = ConversationLog(&reader)
        #expect(log.error == nil && log.problems.isEmpty)
        #expect(log.messages.map(\.message) == [Self.command("PING"), .resp(.simpleString("PONG"))])
        #expect(log.messages.map(\.packetNumber) == (file == "ethernet.pcap" ? [6, 7] : [4, 5]))
    }

    @Test func aFileCutMidPacketDeliversWhatItHasThenThrows() throws {
        var reader = try ConversationReader(path: PcapFixtures.path("cut-mid-packet.pcap"))
        let log = ConversationLog(&reader)
        #expect(log.messages.map(\.message) == [Self.command("PING")])
        #expect(log.closed.map(\.reason) == [.endOfInput])
        #expect(log.eventsBeforeError == log.events.count && log.events.count == 3)
        #expect(log.error?.packet == 5)
        // The error is thrown once; after it the reader is done.
        #expect(try reader.next() == nil)
    }

    @Test func perPacketProblemsBecomeProblemsWithoutAConnection() throws {
        var reader = try ConversationReader(path: PcapFixtures.path("malformed-packets.pcap"))
        let log = ConversationLog(&reader)
        #expect(log.error == nil)
        let perPacket = log.problems.filter { $0.connection == nil }
        #expect(perPacket.compactMap(\.packetNumber) == [2, 3, 4, 5, 6, 7, 8])
        #expect(perPacket.first?.description == "(packet 2): at file offset 94: IPv4 header length 16 is below the minimum of 20")
        // Packet 5's cut payload opens a connection whose bytes are no protocol.
        #expect(log.problems.filter { $0.connection != nil }.map(\.reason) == [#"not RESP, AMQP or HTTP: starts with "0123456789"; the connection is not decoded"#])
        #expect(reader.statistics.problems == log.problems.count)
    }

    /// tcpdump's capture of a line-echo exchange: the client's lines read as inline RESP
    /// commands; the server's upper-case echo is no RESP reply, one problem.
    @Test func aRealTcpdumpCaptureDecodesAsFarAsItIsRESP() throws {
        var reader = try ConversationReader(path: PcapFixtures.path("tcpdump-lo-ipv4.pcap"))
        let log = ConversationLog(&reader)
        #expect(log.error == nil)
        #expect(
            log.messages(1, .clientToServer) == [
                Self.command("hello", "from", "the", "client"), Self.command(String(repeating: "x", count: 3000)), Self.command("bye"),
            ])
        #expect(log.problems.map(\.reason) == ["RESP reply: unknown type byte 'H' (0x48) (at byte 0 of the reply)"])
        #expect(log.closed.map(\.reason) == [.finished])
    }
}
