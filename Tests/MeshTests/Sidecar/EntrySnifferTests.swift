import Logging
import Mesh
import NIOCore
import NIOEmbedded
import Testing

@Suite struct FirstBytesTests {
    func parse(_ text: String) -> FirstBytes { FirstBytes.parse(ByteBuffer(string: text)) }

    @Test func connectNamesTheTargetPortAndConsumesItsHeaders() {
        let text = "CONNECT details:9080 HTTP/1.1\r\nHost: details:9080\r\n\r\nGET /details/0 HTTP/1.1\r\n"
        #expect(parse(text) == .connect(host: "details", port: 9080, consumed: 53))
        #expect(parse("CONNECT details:9080 HTTP/1.1\r\nHost: det") == .needMore)
    }

    @Test func absoluteFormTakesThePortFromTheURIDefaulting80() {
        #expect(parse("GET http://details:9080/details/0 HTTP/1.1\r\n") == .absoluteForm(authority: "details:9080", port: 9080))
        #expect(parse("GET http://details/details/0 HTTP/1.1\r\n") == .absoluteForm(authority: "details", port: 80))
    }

    @Test func originFormNeedsTheHostHeader() {
        #expect(parse("GET /reviews/0 HTTP/1.1\r\nAccept: */*\r\nHost:  reviews:9080 \r\n\r\n") == .originForm(authority: "reviews:9080", port: 9080))
        #expect(parse("GET / HTTP/1.1\r\nHost: reviews\r\n") == .needMore)
        guard case .malformed(let reason) = parse("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n") else { Issue.record("expected malformed"); return }
        #expect(reason.contains("without a Host header"))
    }

    @Test func garbageIsMalformedWithTheReason() {
        guard case .malformed(let binary) = FirstBytes.parse(ByteBuffer(bytes: [0x16, 0x03, 0x01, 0x00])) else { Issue.record("binary"); return }
        #expect(binary.contains("0x16"))
        guard case .malformed(let words) = parse("hello there\r\n") else { Issue.record("words"); return }
        #expect(words.contains("not 'METHOD TARGET HTTP/1.x'"))
        guard case .malformed(let proto) = parse("GET / SPDY/3\r\n") else { Issue.record("protocol"); return }
        #expect(proto.contains("SPDY/3"))
        guard case .malformed(let port) = parse("CONNECT details:http HTTP/1.1\r\n\r\n") else { Issue.record("port"); return }
        #expect(port.contains("details:http"))
        #expect(parse(String(repeating: "G", count: 10)) == .needMore)
    }
}

@Suite struct EntrySnifferTests {
    /// Installs a pass-through handler (standing for the listener's handlers) and records the port.
    final class Attached: @unchecked Sendable {
        var port: Int?
        var listenerExists = true
    }

    final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
    }

    func channel(_ attached: Attached) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(EntrySniffer(logger: Logger(label: "test")) { channel, port in
            attached.port = port
            guard attached.listenerExists else { return false }
            try channel.pipeline.syncOperations.addHandler(Collector())
            return true
        })
        return channel
    }

    func readAll(inbound channel: EmbeddedChannel) throws -> String {
        var text = ""
        while var buffer = try channel.readInbound(as: ByteBuffer.self) { text += buffer.readString(length: buffer.readableBytes) ?? "" }
        return text
    }

    func readAll(outbound channel: EmbeddedChannel) throws -> String {
        var text = ""
        while var buffer = try channel.readOutbound(as: ByteBuffer.self) { text += buffer.readString(length: buffer.readableBytes) ?? "" }
        return text
    }

    @Test func connectIsAnsweredAndOnlyTheTunnelReachesTheListener() throws {
        let attached = Attached()
        let channel = try channel(attached)
        try channel.writeInbound(ByteBuffer(string: "CONNECT details:9080 HTTP/1.1\r\nHost: det"))
        #expect(attached.port == nil)
        try channel.writeInbound(ByteBuffer(string: "ails:9080\r\n\r\nGET /details/0 HTTP/1.1\r\n"))
        #expect(attached.port == 9080)
        #expect(try readAll(outbound: channel) == "HTTP/1.1 200 Connection established\r\n\r\n")
        try channel.writeInbound(ByteBuffer(string: "Host: details:9080\r\n\r\n"))
        #expect(try readAll(inbound: channel) == "GET /details/0 HTTP/1.1\r\nHost: details:9080\r\n\r\n")
        #expect(throws: (any Error).self) { try channel.pipeline.syncOperations.handler(type: EntrySniffer.self) }
        _ = try channel.finish()
    }

    @Test func absoluteAndOriginFormKeepEveryByteForTheListener() throws {
        for request in ["GET http://reviews:9080/reviews/0 HTTP/1.1\r\n\r\n", "GET /reviews/0 HTTP/1.1\r\nHost: reviews:9080\r\n\r\n"] {
            let attached = Attached()
            let channel = try channel(attached)
            try channel.writeInbound(ByteBuffer(string: request))
            #expect(attached.port == 9080)
            #expect(try readAll(outbound: channel) == "")
            #expect(try readAll(inbound: channel) == request)
            _ = try channel.finish()
        }
    }

    @Test func garbageGets400WithTheReasonAndIsClosed() throws {
        let attached = Attached()
        let channel = try channel(attached)
        try channel.writeInbound(ByteBuffer(string: "\u{01}\u{02}garbage\r\n"))
        let answer = try readAll(outbound: channel)
        #expect(answer.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(answer.contains("x-envoy-response-flags: DPE"))
        #expect(answer.contains("bad request: byte 0x1"))
        #expect(attached.port == nil)
        #expect(!channel.isActive)
    }

    /// Also for CONNECT: no "200 Connection established" before the 502.
    @Test(arguments: ["GET http://mongo:27017/ HTTP/1.1\r\n\r\n", "CONNECT mongo:27017 HTTP/1.1\r\n\r\n"])
    func aPortWithoutListenerGets502NR(request: String) throws {
        let attached = Attached()
        attached.listenerExists = false
        let channel = try channel(attached)
        try channel.writeInbound(ByteBuffer(string: request))
        let answer = try readAll(outbound: channel)
        #expect(answer.hasPrefix("HTTP/1.1 502 Bad Gateway\r\n"))
        #expect(answer.contains("x-envoy-response-flags: NR"))
        #expect(attached.port == 27017)
        #expect(!channel.isActive)
    }
}
