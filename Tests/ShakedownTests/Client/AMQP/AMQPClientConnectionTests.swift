import AMQP
import NIOCore
import NIOEmbedded
import Testing

@testable import Shakedown

/// The client against a scripted server on an in-memory channel: what it writes, and what it
/// makes of the replies, closes and deliveries.
@Suite struct AMQPClientConnectionTests {
    @Test func handshakeWritesTuneOkAndOpenThenChannelsAnswerInOrder() async throws {
        let channel = NIOAsyncTestingChannel()
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5672))
        let server = ScriptedAMQPServer(channel: channel)
        async let connecting = AMQPClientConnection.start(
            on: channel, address: "scripted", handshake: AMQPHandshake(user: "guest", password: "pw", vhost: "/v"),
            timeout: .seconds(30))
        #expect(try await channel.waitForOutboundWrite(as: ByteBuffer.self) == ByteBuffer(bytes: Array("AMQP".utf8) + [0, 0, 9, 1]))
        try await server.send(channel: 0, .connection(.start(.init(serverProperties: ["product": .string("RabbitMQ")]))))
        guard case (0, .connection(.startOk(let startOk))) = try await server.readMethod() else { Issue.record("no start-ok"); return }
        #expect(startOk.response == [0] + Array("guest".utf8) + [0] + Array("pw".utf8))
        try await server.send(channel: 0, .connection(.tune(.init(channelMax: 2047, frameMax: 262_144, heartbeat: 60))))
        let tune = ConnectionMethod.Tune(channelMax: 2047, frameMax: 131_072, heartbeat: 0)
        #expect(try await server.readFrames() == [.method(channel: 0, .connection(.tuneOk(tune))), .method(channel: 0, .connection(.open(.init(virtualHost: "/v"))))])
        try await server.send(channel: 0, .connection(.openOk(knownHosts: "")))
        let connection = try await connecting
        #expect(connection.tune == tune)
        #expect(connection.serverProperties["product"] == .string("RabbitMQ"))

        let first = try await server.openChannel(on: connection)
        let second = try await server.openChannel(on: connection)
        #expect((first.id, second.id) == (1, 2))

        async let declared = second.queueDeclare("", exclusive: true)
        guard case (2, .queue(.declare(let declare))) = try await server.readMethod() else { Issue.record("no queue.declare"); return }
        #expect(declare.queue == "" && declare.exclusive)
        try await server.send(channel: 2, .queue(.declareOk(.init(queue: "amq.gen-1", messageCount: 3, consumerCount: 1))))
        #expect(try await declared == QueueMethod.DeclareOk(queue: "amq.gen-1", messageCount: 3, consumerCount: 1))

        let purged = Task { try await first.queuePurge("q") }
        _ = try await server.readMethod()
        try await server.send(channel: 1, .queue(.deleteOk(messageCount: 1)))
        await #expect(throws: AMQPClientError.unexpectedReply(expected: "queue.purge_ok", got: "queue.delete_ok")) { try await purged.value }
    }

    @Test func aServerChannelCloseEndsTheCallWithItsCodeTextAndMethod() async throws {
        let (connection, server) = try await ScriptedAMQPServer.connected()
        let channel = try await server.openChannel(on: connection)
        let declared = Task { try await channel.queueDeclare("missing", passive: true) }
        _ = try await server.readMethod()
        let reason = CloseReason(replyCode: 404, replyText: "NOT_FOUND - no queue 'missing' in vhost '/'", classID: 50, methodID: 10)
        try await server.send(channel: 1, .channel(.close(reason)))
        await #expect(throws: AMQPClientError.channelClosed(reason)) { try await declared.value }
        #expect(try await server.readMethod() == (1, .channel(.closeOk)))
        #expect(channel.closedError == .channelClosed(reason))
        await #expect(throws: AMQPClientError.channelClosed(reason)) { try await channel.queuePurge("q") }
        #expect(throws: AMQPClientError.channelClosed(reason)) { try channel.basicAck(deliveryTag: 1) }

        // The connection goes on: a new channel reuses nothing of the closed one's state.
        let next = try await server.openChannel(on: connection)
        #expect(next.id == 2)
    }

    @Test func aRefusedVhostIsAConnectionCloseAnsweredWithCloseOk() async throws {
        let channel = NIOAsyncTestingChannel()
        try await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5672))
        let server = ScriptedAMQPServer(channel: channel)
        let connecting = Task {
            try await AMQPClientConnection.start(
                on: channel, address: "scripted", handshake: AMQPHandshake(user: "guest", password: "guest", vhost: "nope"),
                timeout: .seconds(30))
        }
        _ = try await channel.waitForOutboundWrite(as: ByteBuffer.self)
        try await server.send(channel: 0, .connection(.start(.init())))
        _ = try await server.readMethod()
        try await server.send(channel: 0, .connection(.tune(.init(channelMax: 0, frameMax: 0, heartbeat: 0))))
        _ = try await server.readFrames()
        let reason = CloseReason(replyCode: 530, replyText: "NOT_ALLOWED - vhost nope not found", classID: 10, methodID: 40)
        try await server.send(channel: 0, .connection(.close(reason)))
        await #expect(throws: AMQPClientError.connectionClosed(reason)) { try await connecting.value }
        #expect(try await server.readMethod() == (0, .connection(.closeOk)))
    }

    @Test func publishesAreNumberedAndConfirmsSettleThem() async throws {
        let (connection, server) = try await ScriptedAMQPServer.connected()
        let channel = try await server.openChannel(on: connection)
        async let selected: Void = channel.confirmSelect()
        #expect(try await server.readMethod() == (1, .confirm(.select())))
        try await server.send(channel: 1, .confirm(.selectOk))
        try await selected

        let properties = BasicProperties(deliveryMode: 2)
        var sequences: [UInt64?] = []
        for text in ["a", "bb", "ccc"] {
            sequences.append(try await channel.basicPublish(exchange: "x", routingKey: "k", body: Array(text.utf8), properties: properties))
            let publish = BasicMethod.Publish(exchange: "x", routingKey: "k")
            let header = ContentHeader(bodySize: UInt64(text.utf8.count), properties: properties)
            #expect(
                try await server.readFrames() == [
                    .method(channel: 1, .basic(.publish(publish))), .header(channel: 1, header),
                    .body(channel: 1, ByteBuffer(string: text)),
                ])
        }
        #expect(sequences == [1, 2, 3])

        async let waited = channel.waitForConfirms(upTo: 3)
        try await server.send(channel: 1, .basic(.ack(deliveryTag: 2, multiple: true)))
        try await server.send(channel: 1, .basic(.nack(deliveryTag: 3, multiple: false, requeue: false)))
        #expect(try await waited == [3])
        #expect(channel.confirmedThrough == 3)
        #expect(try await channel.waitForConfirms(upTo: 2) == [])

        // A confirm for a publish that never happened is the broker's protocol error.
        try await server.send(channel: 1, .basic(.ack(deliveryTag: 9, multiple: false)))
        #expect(channel.closedError == .protocolError("basic.ack for delivery tag 9, but only 3 were published"))
    }

    @Test func deliveriesReachTheirConsumerUntilTheChannelCloses() async throws {
        let (connection, server) = try await ScriptedAMQPServer.connected()
        let channel = try await server.openChannel(on: connection)
        async let consuming = channel.basicConsume(queue: "q", noAck: true)
        guard case (1, .basic(.consume(let consume))) = try await server.readMethod() else { Issue.record("no basic.consume"); return }
        #expect(consume.queue == "q" && consume.noAck)
        // Deliveries right behind consume-ok must not be lost.
        let deliver = BasicMethod.Deliver(consumerTag: consume.consumerTag, deliveryTag: 1, exchange: "", routingKey: "q")
        try await server.send(
            .method(channel: 1, .basic(.consumeOk(consumerTag: consume.consumerTag))),
            .method(channel: 1, .basic(.deliver(deliver))),
            .header(channel: 1, ContentHeader(bodySize: 5, properties: .init(messageID: "m1"))),
            .body(channel: 1, ByteBuffer(string: "he")), .body(channel: 1, ByteBuffer(string: "llo")))
        let consumer = try await consuming
        #expect(consumer.consumerTag == consume.consumerTag)

        let reason = CloseReason(replyCode: 406, replyText: "PRECONDITION_FAILED - unknown delivery tag 7", classID: 60, methodID: 80)
        try await server.send(channel: 1, .channel(.close(reason)))
        var received: [AMQPDelivery] = []
        for await delivery in consumer.deliveries { received.append(delivery) }
        #expect(received.map { String(buffer: $0.body) } == ["hello"])
        #expect(received.first?.properties.messageID == "m1")
        #expect(channel.closedError == .channelClosed(reason))
    }

    @Test func aMandatoryMessageTheBrokerCannotRouteComesBack() async throws {
        let (connection, server) = try await ScriptedAMQPServer.connected()
        let channel = try await server.openChannel(on: connection)
        try await channel.basicPublish(exchange: "x", routingKey: "nowhere", body: [1, 2], mandatory: true)
        guard case .method(1, .basic(.publish(let publish))) = try await server.readFrames().first else { Issue.record("no publish"); return }
        #expect(publish.mandatory)
        let returned = BasicMethod.Return(replyCode: 312, replyText: "NO_ROUTE", exchange: "x", routingKey: "nowhere")
        try await server.send(
            .method(channel: 1, .basic(.return(returned))), .header(channel: 1, ContentHeader(bodySize: 2)),
            .body(channel: 1, ByteBuffer(bytes: [1, 2])))
        var iterator = channel.returns.makeAsyncIterator()
        let message = await iterator.next()
        #expect(message?.replyCode == 312 && message?.replyText == "NO_ROUTE" && message?.routingKey == "nowhere")
    }

    @Test func aServerConnectionCloseFailsEveryChannelAndCall() async throws {
        let (connection, server) = try await ScriptedAMQPServer.connected()
        let channel = try await server.openChannel(on: connection)
        let get = Task { try await channel.basicGet(queue: "q") }
        _ = try await server.readMethod()
        let reason = CloseReason(replyCode: 320, replyText: "CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'")
        try await server.send(channel: 0, .connection(.close(reason)))
        await #expect(throws: AMQPClientError.connectionClosed(reason)) { try await get.value }
        #expect(try await server.readMethod() == (0, .connection(.closeOk)))
        await #expect(throws: AMQPClientError.connectionClosed(reason)) { try await connection.openChannel() }
    }
}
