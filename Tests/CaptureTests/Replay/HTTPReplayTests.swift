import Capture
import Foundation
import NIOCore
import NIOPosix
import Testing

/// HTTP replay against a tiny NIO server in the test.
@Suite struct HTTPReplayTests {
    static func request(_ method: String, _ target: String, host: String, body: String = "") -> ApplicationMessage {
        var headers = [HTTPMessage.Field(name: "Host", value: host)]
        if !body.isEmpty { headers.append(.init(name: "Transfer-Encoding", value: "chunked")) }
        return .http(HTTPMessage(head: .request(method: method, target: target, version: "HTTP/1.1"), headers: headers, body: ByteBuffer(string: body)))
    }

    static func response(_ status: Int, _ body: String, host: String, date: String = "yesterday", extra: [HTTPMessage.Field] = [])
        -> ApplicationMessage
    {
        .http(
            HTTPMessage(
                head: .response(version: "HTTP/1.1", status: status, reason: status == 200 ? "OK" : "Not Found"),
                headers: [.init(name: "X-Seen-Host", value: host), .init(name: "Date", value: date), .init(name: "Content-Type", value: "text/plain")]
                    + extra, body: ByteBuffer(string: body)))
    }

    func replay(_ script: ConversationScript, ignore: [String] = []) throws -> (ReplayReport, Int) {
        let (report, port, _) = try replayRecording(script, ignore: ignore)
        return (report, port)
    }

    /// Also what the server received (`TinyHTTPServer.log`).
    func replayRecording(_ script: ConversationScript, ignore: [String] = [], replyTimeout: Double = 5) throws -> (ReplayReport, Int, [String]) {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        defer { try? group.syncShutdownGracefully() }
        let server = try TinyHTTPServer(group: group)
        defer { server.stop() }
        let options = ReplayOptions(
            target: ReplayAddress(host: "127.0.0.1", port: server.port), protocol: .http, speed: .max, compare: true, ignore: ignore,
            replyTimeoutSeconds: replyTimeout)
        var source = script.source
        return (Replayer(options: options, group: group).run(&source), server.port, server.log)
    }

    /// Three requests; the captured responses echo `seenHost` for the two whose Host named the
    /// captured server (the target's port is only known once the server runs).
    func script(seenHost: String) -> ConversationScript {
        var s = ConversationScript()
        s.open(1, serverPort: 8080, protocol: .http)
        s.message(1, .clientToServer, Self.request("GET", "/details/0", host: "10.0.0.2:8080"))
        s.message(1, .clientToServer, Self.request("POST", "/chunked/reviews", host: "reviews.example", body: "stars=5"))
        s.message(1, .serverToClient, Self.response(200, "echo: GET /details/0 ", host: seenHost))
        s.message(1, .serverToClient, Self.response(200, "echo: POST /chunked/reviews stars=5", host: "reviews.example"))
        s.message(1, .clientToServer, Self.request("HEAD", "/details/1", host: "localhost:8080"))
        s.message(1, .serverToClient, Self.response(200, "", host: seenHost))
        s.close(1)
        return s
    }

    @Test func equalResponsesGiveNoDivergence() throws {
        let (report, _) = try replay(script(seenHost: ""), ignore: ["header:x-seen-host"])
        #expect(report.divergenceCount == 0, "\(report.divergences)")
        #expect(report.requestsSent == 3)
        #expect(report.repliesCompared == 3)
    }

    @Test func hostIsRewrittenOnlyWhenItNamedTheCapturedServer() throws {
        let (report, port) = try replay(script(seenHost: ""))
        let hosts = report.divergences.filter { $0.field == "header:x-seen-host" }.map(\.actual)
        // Requests 1 and 3 named the captured server (its address, then localhost with its
        // port): rewritten to the target; request 2 named another host: kept.
        #expect(hosts == ["127.0.0.1:\(port)", "127.0.0.1:\(port)"])
        #expect(report.divergences.map(\.requestIndex) == [1, 3])
    }

    @Test func changedStatusHeaderAndBodyAreReported() throws {
        var s = ConversationScript()
        s.open(1, serverPort: 8080, protocol: .http)
        s.message(1, .clientToServer, Self.request("GET", "/missing", host: "other"))
        s.message(
            1, .serverToClient,
            Self.response(200, "was here", host: "other", extra: [.init(name: "Content-Length", value: "8"), .init(name: "X-Gone", value: "1")]))
        s.close(1)
        let (report, _) = try replay(s)
        let fields = report.divergences.map(\.field)
        #expect(fields == ["status", "header:x-gone", "body"])
        #expect(report.divergences.first?.expected == "200 OK")
        #expect(report.divergences.first?.actual == "404 Not Found")
        #expect(report.divergences.first?.request == "GET /missing")
        #expect(report.divergences.last?.actual == "echo: GET /missing ")
        #expect(report.divergences[1].actual == "(absent)")
    }

    /// What a client sends a proxy: the authority is rewritten like Host when it named the
    /// captured server; another host's, and origin-form, stay as captured.
    @Test func absoluteFormTargetNamingTheCapturedServerIsRewritten() throws {
        var s = ConversationScript()
        s.open(1, serverPort: 8080, protocol: .http)
        s.message(1, .clientToServer, Self.request("GET", "http://10.0.0.2:8080/abs?x=1", host: "10.0.0.2:8080"))
        s.message(1, .serverToClient, Self.response(200, "", host: ""))
        s.message(1, .clientToServer, Self.request("GET", "http://example.org/elsewhere", host: "example.org"))
        s.message(1, .serverToClient, Self.response(200, "", host: ""))
        s.message(1, .clientToServer, Self.request("GET", "/plain", host: "10.0.0.2:8080"))
        s.message(1, .serverToClient, Self.response(200, "", host: ""))
        s.close(1)
        let (report, port, log) = try replayRecording(s, ignore: ["body", "header:x-seen-host"])
        #expect(log == ["GET http://127.0.0.1:\(port)/abs?x=1", "GET http://example.org/elsewhere", "GET /plain"])
        #expect(report.divergenceCount == 0, "\(report.divergences)")
    }
}
