import AMQP
import Testing

@testable import Shakedown

@Suite struct AMQPHandshakeTests {
    @Test func logsInWithPlainAndRabbitMQsCapabilities() throws {
        var handshake = AMQPHandshake(user: "u", password: "p", vhost: "v")
        guard case .send(let replies) = try handshake.receive(.connection(.start(.init()))),
            case .connection(.startOk(let startOk)) = replies.first
        else { Issue.record("no start-ok"); return }
        #expect(replies.count == 1)
        #expect(startOk.mechanism == "PLAIN")
        #expect(startOk.response == [0, UInt8(ascii: "u"), 0, UInt8(ascii: "p")])
        guard case .table(let capabilities) = startOk.clientProperties["capabilities"] else {
            Issue.record("no capabilities table"); return
        }
        for name in ["authentication_failure_close", "publisher_confirms", "basic.nack", "consumer_cancel_notify", "connection.blocked"] {
            #expect(capabilities[name] == .boolean(true), "\(name)")
        }
    }

    @Test func tunesToTheSmallerFrameMaxWithoutHeartbeatsThenOpensTheVhost() throws {
        var handshake = AMQPHandshake(user: "u", password: "p", vhost: "v")
        _ = try handshake.receive(.connection(.start(.init())))
        let step = try handshake.receive(.connection(.tune(.init(channelMax: 2047, frameMax: 1_000_000, heartbeat: 60))))
        let tune = ConnectionMethod.Tune(channelMax: 2047, frameMax: AMQPHandshake.clientFrameMax, heartbeat: 0)
        guard case .send(let replies) = step else { Issue.record("no replies to tune"); return }
        #expect(replies == [.connection(.tuneOk(tune)), .connection(.open(.init(virtualHost: "v")))])
        guard case .done(let outcome) = try handshake.receive(.connection(.openOk(knownHosts: ""))) else {
            Issue.record("open-ok did not finish the handshake"); return
        }
        #expect(outcome.tune == tune)
        #expect(handshake.isDone)
    }

    @Test func aServerWithoutLimitsGetsTheClientsFrameMax() throws {
        var handshake = AMQPHandshake(user: "u", password: "p", vhost: "/")
        _ = try handshake.receive(.connection(.start(.init())))
        guard case .send(let replies) = try handshake.receive(.connection(.tune(.init(channelMax: 0, frameMax: 0, heartbeat: 0)))) else {
            Issue.record("no replies"); return
        }
        #expect(replies.first == .connection(.tuneOk(.init(channelMax: .max, frameMax: AMQPHandshake.clientFrameMax, heartbeat: 0))))
    }

    @Test func refusalsAndSurprisesAreTypedErrors() {
        var noPlain = AMQPHandshake(user: "u", password: "p", vhost: "/")
        #expect(throws: AMQPClientError.protocolError("the server offers no PLAIN login (mechanisms: AMQPLAIN)")) {
            try noPlain.receive(.connection(.start(.init(mechanisms: Array("AMQPLAIN".utf8)))))
        }
        var refused = AMQPHandshake(user: "u", password: "p", vhost: "/")
        let reason = CloseReason(replyCode: 530, replyText: "NOT_ALLOWED - vhost x not found", classID: 10, methodID: 40)
        #expect(throws: AMQPClientError.connectionClosed(reason)) { try refused.receive(.connection(.close(reason))) }
        var early = AMQPHandshake(user: "u", password: "p", vhost: "/")
        #expect(throws: AMQPClientError.protocolError("unexpected connection.open_ok during the connection handshake")) {
            try early.receive(.connection(.openOk(knownHosts: "")))
        }
    }
}
