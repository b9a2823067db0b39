import AMQP
import NIOCore
import Testing

@testable import Broker

@Suite struct ConnectionHandshakeTests {
    @Test func handshakeStartsTunesAndOpens() throws {
        let client = try EmbeddedClient()
        let methods = try client.handshake()
        #expect(methods.count == 3)
        guard case .connection(.start(let start)) = methods.first else {
            Issue.record("no connection.start: \(methods)")
            return
        }
        #expect(start.serverProperties["product"] == .string("RabbitMQ"))
        #expect(methods.dropFirst().first == .connection(.tune(.init(channelMax: 2047, frameMax: 131_072, heartbeat: 60))))
        #expect(methods.last == .connection(.openOk(knownHosts: "")))
        try client.send(.channel(.open()), channel: 1)
        #expect(try client.frames() == [.method(channel: 1, .channel(.openOk(channelID: [])))])
    }

    @Test func anotherProtocolHeaderGetsOurHeaderAndTheSocketCloses() throws {
        for header in [Array("GET / HTTP/1.1\r\n".utf8), Array("AMQP".utf8) + [0, 0, 8, 0], Array("AMQP".utf8) + [3, 1, 0, 0]] {
            let client = try EmbeddedClient()
            try client.send(bytes: header)
            #expect(try client.rawOutput() == ProtocolHeader.amqp091.bytes)
            #expect(!client.isOpen)
        }
    }

    @Test func refusedLoginSendsCloseToClientsWithTheCapabilityThenClosesAfterTheDelay() throws {
        let client = try EmbeddedClient()
        let methods = try client.handshake(password: "wrong")
        #expect(methods.last == .connection(.close(CloseReason(
            replyCode: 403,
            replyText: "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile."))))
        #expect(client.isOpen)
        client.loop.advanceTime(by: .seconds(3))
        #expect(!client.isOpen)
    }

    @Test func refusedLoginWithoutTheCapabilityJustCloses() throws {
        let client = try EmbeddedClient()
        let methods = try client.handshake(password: "wrong", clientProperties: [:])
        #expect(methods.count == 1)  // connection.start only
        client.loop.advanceTime(by: .seconds(3))
        #expect(!client.isOpen)
    }

    @Test(arguments: [
        ConnectionMethod.Tune(channelMax: 2047, frameMax: 4095, heartbeat: 0),
        ConnectionMethod.Tune(channelMax: 2047, frameMax: 0, heartbeat: 0),
        ConnectionMethod.Tune(channelMax: 2047, frameMax: 131_073, heartbeat: 0),
        ConnectionMethod.Tune(channelMax: 0, frameMax: 131_072, heartbeat: 0),
        ConnectionMethod.Tune(channelMax: 2048, frameMax: 131_072, heartbeat: 0),
    ])
    func tuneOkOutOfRangeEndsTheHandshakeSilently(tune: ConnectionMethod.Tune) throws {
        let client = try EmbeddedClient()
        let methods = try client.handshake(tune: tune)
        #expect(methods.count == 2)  // start and tune; no open-ok, no close
        #expect(client.isOpen)
        client.loop.advanceTime(by: .seconds(3))
        #expect(!client.isOpen)
    }

    @Test func unknownVhostIsRefusedWith530() throws {
        let client = try EmbeddedClient()
        let methods = try client.handshake(vhost: "nope")
        #expect(methods.last == .connection(.close(CloseReason(
            replyCode: 530, replyText: "NOT_ALLOWED - vhost nope not found", classID: 10, methodID: 40))))
        try client.send(.connection(.closeOk))
        client.loop.run()
        #expect(!client.isOpen)
    }

    @Test func vhostWithoutPermissionIsRefusedWith530() throws {
        let access = AccessControl()
        access.putUser(User(name: "bob", password: "secret"))
        let client = try EmbeddedClient(access: access)
        let methods = try client.handshake(user: "bob", password: "secret")
        #expect(methods.last == .connection(.close(CloseReason(
            replyCode: 530, replyText: "NOT_ALLOWED - access to vhost '/' refused for user 'bob'", classID: 10, methodID: 40))))
    }

    @Test func heartbeatsGoOutEveryHalfTimeoutAndSilenceClosesAfterTwoTimeouts() throws {
        let client = try EmbeddedClient()
        try client.handshake(tune: .init(channelMax: 2047, frameMax: 131_072, heartbeat: 2))
        client.loop.advanceTime(by: .seconds(1))
        #expect(try client.frames() == [.heartbeat()])
        // The client's heartbeat keeps it alive through the first check.
        try client.send(.heartbeat())
        client.loop.advanceTime(by: .seconds(2))
        #expect(client.isOpen)
        client.loop.advanceTime(by: .seconds(4))
        #expect(!client.isOpen)
    }

    @Test func handshakeTimesOutAfterTenSeconds() throws {
        let client = try EmbeddedClient()
        try client.send(bytes: ProtocolHeader.amqp091.bytes)
        client.loop.advanceTime(by: .seconds(9))
        #expect(client.isOpen)
        client.loop.advanceTime(by: .seconds(1))
        #expect(!client.isOpen)
    }
}
