import Capture
import NIOCore
import Testing

/// A connection that stops speaking HTTP (101 Switching Protocols, a CONNECT tunnel): replay
/// says so once, sends nothing of the tunnel and does not wait for replies that cannot come.
@Suite struct HTTPUpgradeReplayTests {
    enum Switch: String, CaseIterable, CustomTestStringConvertible {
        case upgrade, connect
        var testDescription: String { rawValue }
    }

    static func script(_ kind: Switch) -> ConversationScript {
        var s = ConversationScript()
        s.open(1, serverPort: 8080, protocol: .http)
        s.message(1, .clientToServer, HTTPReplayTests.request("GET", "/before", host: "other"))
        s.message(1, .serverToClient, HTTPReplayTests.response(200, "echo: GET /before ", host: "other"))
        switch kind {
        case .upgrade:
            var upgrade = HTTPMessage(head: .request(method: "GET", target: "/upgrade", version: "HTTP/1.1"), headers: [], body: ByteBuffer())
            upgrade.headers = [.init(name: "Host", value: "other"), .init(name: "Upgrade", value: "tiny"), .init(name: "Connection", value: "Upgrade")]
            s.message(1, .clientToServer, .http(upgrade))
            let switched = HTTPMessage(
                head: .response(version: "HTTP/1.1", status: 101, reason: "Switching Protocols"),
                headers: [.init(name: "Upgrade", value: "tiny"), .init(name: "Connection", value: "upgrade")], body: ByteBuffer())
            s.message(1, .serverToClient, .http(switched))
        case .connect:
            s.message(1, .clientToServer, HTTPReplayTests.request("CONNECT", "db.internal:5432", host: "db.internal:5432"))
            let established = HTTPMessage(head: .response(version: "HTTP/1.1", status: 200, reason: "Connection established"), headers: [], body: ByteBuffer())
            s.message(1, .serverToClient, .http(established))
        }
        // Tunneled bytes that happen to read as HTTP (a plain HTTP request through the tunnel).
        s.message(1, .clientToServer, HTTPReplayTests.request("GET", "/tunneled", host: "other"))
        s.message(1, .serverToClient, HTTPReplayTests.response(200, "inside", host: "other"))
        s.close(1)
        return s
    }

    @Test(arguments: Switch.allCases)
    func aSwitchEndsTheReplayWithOneProblem(_ kind: Switch) throws {
        // A reply timeout this short fails the connection if replay waits for an answer to the
        // switching request or to anything after it.
        let (report, _, log) = try HTTPReplayTests().replayRecording(Self.script(kind), replyTimeout: 1)
        let connection = try #require(report.connections.first)
        #expect(connection.failure == nil, "\(report.problems)")
        let upgraded = report.problems.filter { $0.contains("connection upgraded at request 2: the rest is not HTTP and is not replayed") }
        #expect(upgraded.count == 1, "\(report.problems)")
        #expect(log == ["GET /before", kind == .upgrade ? "GET /upgrade" : "CONNECT db.internal:5432"])
        #expect(report.requestsSent == 2)
        #expect(report.repliesCompared == 2)
        #expect(report.divergenceCount == 0, "\(report.divergences)")
    }
}
