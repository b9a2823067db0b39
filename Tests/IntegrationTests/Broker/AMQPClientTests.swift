import AMQP
import Foundation
import NIOCore
import NIOPosix
import Shakedown
import Testing

/// The harness's AMQP client against each broker target with the seed's definitions: the
/// round trips the benchmark and the broker suites rely on, and the server's closes as typed
/// errors with RabbitMQ 3.10's codes and texts.
@Suite(.serialized) struct AMQPClientTests {
    @Test(arguments: BrokerTarget.allCases)
    func roundTripsConfirmsAndRefusals(target: BrokerTarget) async throws {
        if let reason = target.unavailableReason {
            print("AMQPClientTests skipped for \(target): \(reason)")
            return
        }
        try await Self.withBroker(target) { broker in
            let group = MultiThreadedEventLoopGroup.singleton
            func connect(_ user: String, _ password: String? = nil, vhost: String = "/") async throws(AMQPClientError) -> AMQPClientConnection {
                try await AMQPClientConnection.connect(
                    host: broker.host, port: broker.port, user: user, password: password ?? user + "-secret", vhost: vhost, group: group)
            }

            let admin = try await connect("seed-admin")
            let channel = try await admin.openChannel()
            try await channel.exchangeDeclare("client.x", type: "direct")
            let declared = try await channel.queueDeclare("", exclusive: true)
            #expect(declared.queue.hasPrefix("amq.gen-"))
            try await channel.queueBind(queue: declared.queue, exchange: "client.x", routingKey: "k")

            // Confirmed publishes, counted by a passive declare, fetched by get, purged.
            try await channel.confirmSelect()
            var last: UInt64 = 0
            for n in 1...10 {
                last = try await channel.basicPublish(exchange: "client.x", routingKey: "k", body: Array("m\(n)".utf8)) ?? 0
            }
            #expect(last == 10)
            #expect(try await channel.waitForConfirms(upTo: last) == [])
            #expect(try await channel.queueDeclare(declared.queue, passive: true).messageCount == 10)
            let got = try await channel.basicGet(queue: declared.queue, noAck: true)
            #expect(got.map { String(buffer: $0.delivery.body) } == "m1")
            #expect(got?.messageCount == 9)
            #expect(try await channel.queuePurge(declared.queue) == 9)
            #expect(try await channel.basicGet(queue: declared.queue) == nil)

            // A consumer with manual acks, prefetch 2, on a second channel.
            let consumerChannel = try await admin.openChannel()
            try await consumerChannel.basicQos(prefetchCount: 2)
            let consumer = try await consumerChannel.basicConsume(queue: declared.queue)
            for n in 1...3 { try await channel.basicPublish(exchange: "client.x", routingKey: "k", body: Array("c\(n)".utf8)) }
            var bodies: [String] = []
            for await delivery in consumer.deliveries {
                bodies.append(String(buffer: delivery.body))
                if bodies.count == 1 {
                    try consumerChannel.basicReject(deliveryTag: delivery.deliveryTag, requeue: true)  // comes back redelivered
                } else {
                    try consumerChannel.basicAck(deliveryTag: delivery.deliveryTag)
                }
                if bodies.count == 4 { break }
            }
            #expect(Set(bodies) == ["c1", "c2", "c3"] && bodies.count == 4)

            // Mandatory and unroutable: basic.return with 312 NO_ROUTE.
            try await channel.basicPublish(exchange: "client.x", routingKey: "nowhere", body: [1], mandatory: true)
            var returns = channel.returns.makeAsyncIterator()
            let returned = await returns.next()
            #expect(returned?.replyCode == 312 && returned?.replyText == "NO_ROUTE" && returned?.routingKey == "nowhere")
            #expect(try await channel.queueDelete(declared.queue) == 0)

            // A channel error closes the channel only.
            let missing = CloseReason(replyCode: 404, replyText: "NOT_FOUND - no queue 'missing' in vhost '/'", classID: 50, methodID: 10)
            await #expect(throws: AMQPClientError.channelClosed(missing)) { try await channel.queueDeclare("missing", passive: true) }
            let reopened = try await admin.openChannel()
            try await reopened.close()
            await #expect(throws: AMQPClientError.closedByClient) { try await reopened.queuePurge("x") }
            await admin.close()

            // Permissions: the publisher may not declare a queue (403 on the channel).
            let publisher = try await connect("publisher")
            let publisherChannel = try await publisher.openChannel()
            let refused = CloseReason(
                replyCode: 403, replyText: "ACCESS_REFUSED - access to queue 'rogue' in vhost '/' refused for user 'publisher'", classID: 50,
                methodID: 10)
            await #expect(throws: AMQPClientError.channelClosed(refused)) { try await publisherChannel.queueDeclare("rogue") }
            await publisher.close()

            // Connection-level refusals: a wrong password and an unknown vhost.
            let badLogin = CloseReason(
                replyCode: 403,
                replyText: "ACCESS_REFUSED - Login was refused using authentication mechanism PLAIN. For details see the broker logfile.")
            await #expect(throws: AMQPClientError.connectionClosed(badLogin)) { try await connect("publisher", "wrong") }
            let noVhost = CloseReason(replyCode: 530, replyText: "NOT_ALLOWED - vhost nope not found", classID: 10, methodID: 40)
            await #expect(throws: AMQPClientError.connectionClosed(noVhost)) { try await connect("seed-admin", vhost: "nope") }
        }
    }

    /// Runs `body` against the broker, started with the seed's definitions and stopped after,
    /// also when `body` throws. Start and stop (rabbitmqctl) block for seconds: they run on a
    /// Dispatch thread, not on Swift's two-thread cooperative pool.
    static func withBroker(_ target: BrokerTarget, _ body: (any RunningBroker) async throws -> Void) async throws {
        let broker = try await OffPool.run { try target.start(definitions: SeedScenarioTests.definitions) }
        let outcome: Result<Void, any Error>
        do {
            try await body(broker)
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        await OffPool.value { broker.stop() }
        try outcome.get()
    }
}
