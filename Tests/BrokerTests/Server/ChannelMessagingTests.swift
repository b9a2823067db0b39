import AMQP
import NIOCore
import Testing

@testable import Broker

@Suite struct ChannelMessagingTests {
    private func publish(_ client: EmbeddedClient, _ body: String, to key: String, exchange: String = "", mandatory: Bool = false, persistent: Bool = false) throws {
        let properties = BasicProperties(deliveryMode: persistent ? 2 : nil)
        try client.send(Command(
            channel: 1, method: .basic(.publish(.init(exchange: exchange, routingKey: key, mandatory: mandatory))),
            content: Content(properties: properties, body: ByteBuffer(string: body))))
    }

    @Test func consumeOkComesBeforeDeliveriesAndAcksSettle() throws {
        let client = try EmbeddedClient()
        try client.handshake()
        try client.openChannel()
        try client.send(.queue(.declare(.init(queue: ""))), channel: 1)
        guard case .queue(.declareOk(let ok))? = try client.methods().first else {
            Issue.record("no declare-ok")
            return
        }
        #expect(ok.queue.hasPrefix("amq.gen-"))
        try publish(client, "one", to: ok.queue)
        // "" names the queue declared last on the channel.
        try client.send(.basic(.consume(.init(queue: ""))), channel: 1)
        let frames = try client.frames()
        guard case .method(1, .basic(.consumeOk(let tag))) = frames.first, case .method(1, .basic(.deliver(let deliver)))? = frames.dropFirst().first
        else {
            Issue.record("unexpected \(frames)")
            return
        }
        #expect(tag.hasPrefix("amq.ctag-"))
        #expect(deliver.deliveryTag == 1 && deliver.consumerTag == tag && deliver.routingKey == ok.queue)
        #expect(frames.last == .body(channel: 1, ByteBuffer(string: "one")))
        try client.send(.basic(.ack(deliveryTag: 1)), channel: 1)
        #expect(try client.frames().isEmpty)
        #expect(client.node.state.virtualHost(named: "/")?.queue(named: ok.queue)?.unackedCount == 0)
    }

    @Test func confirmsAckEachPublishAndMandatoryReturnsComeFirst() throws {
        let client = try EmbeddedClient()
        try client.handshake()
        try client.openChannel()
        try client.send(.confirm(.select()), channel: 1)
        #expect(try client.methods() == [.confirm(.selectOk)])
        try client.send(.queue(.declare(.init(queue: "q"))), channel: 1)
        _ = try client.methods()
        try publish(client, "a", to: "q")
        try publish(client, "b", to: "nowhere", mandatory: true)
        let methods = try client.methods()
        #expect(methods == [
            .basic(.ack(deliveryTag: 1)),
            .basic(.return(.init(replyCode: 312, replyText: "NO_ROUTE", exchange: "", routingKey: "nowhere"))),
            .basic(.ack(deliveryTag: 2)),
        ])
    }

    @Test func persistentConfirmsWaitForTheJournalSync() throws {
        let client = try EmbeddedClient()
        let journal = SyncOnDemandJournal()
        client.node.journal = journal
        try client.handshake()
        try client.openChannel()
        try client.send(.confirm(.select()), channel: 1)
        try client.send(.queue(.declare(.init(queue: "d", durable: true))), channel: 1)
        _ = try client.methods()
        try publish(client, "p", to: "d", persistent: true)
        #expect(try client.methods().isEmpty)
        #expect(journal.enqueued == 1)
        journal.sync()
        client.loop.run()
        #expect(try client.methods() == [.basic(.ack(deliveryTag: 1))])
    }

    /// A journal that could not write: the publisher is told with a nack, never an ack.
    @Test func aFailedJournalSyncNacks() throws {
        let client = try EmbeddedClient()
        let journal = SyncOnDemandJournal()
        client.node.journal = journal
        try client.handshake()
        try client.openChannel()
        try client.send(.confirm(.select()), channel: 1)
        try client.send(.queue(.declare(.init(queue: "d", durable: true))), channel: 1)
        _ = try client.methods()
        try publish(client, "p", to: "d", persistent: true)
        try publish(client, "t", to: "d")
        client.loop.run()
        #expect(try client.methods() == [.basic(.ack(deliveryTag: 2))], "the transient one needs no sync")
        journal.sync(succeeded: false)
        client.loop.run()
        #expect(try client.methods() == [.basic(.nack(deliveryTag: 1, requeue: false))])
    }

    @Test func transactionsHoldPublishesUntilCommit() throws {
        let client = try EmbeddedClient()
        try client.handshake()
        try client.openChannel()
        try client.send(.queue(.declare(.init(queue: "t"))), channel: 1)
        try client.send(.tx(.select), channel: 1)
        _ = try client.methods()
        try publish(client, "x", to: "t")
        let queue = try #require(client.node.state.virtualHost(named: "/")?.queue(named: "t"))
        #expect(queue.messageCount == 0)
        try client.send(.tx(.commit), channel: 1)
        #expect(try client.methods() == [.tx(.commitOk)])
        #expect(queue.messageCount == 1)
        try client.send(.confirm(.select()), channel: 1)
        #expect(try client.methods() == [.channel(.close(CloseReason(
            replyCode: 406, replyText: "PRECONDITION_FAILED - cannot switch from tx to confirm mode", classID: 85, methodID: 10)))])
    }

    @Test func alarmBlocksAtTheNextPublishAndClearingUnblocks() throws {
        let blockedCapability: FieldTable = ["capabilities": .table(["connection.blocked": .boolean(true)])]
        let client = try EmbeddedClient()
        try client.handshake(clientProperties: blockedCapability)
        try client.openChannel()
        client.node.changeAlarm(.memory, raised: true)
        #expect(try client.methods().isEmpty)
        try publish(client, "x", to: "q")
        client.loop.run()
        #expect(try client.methods() == [.connection(.blocked(reason: "low on memory"))])
        client.node.changeAlarm(.memory, raised: false)
        #expect(try client.methods() == [.connection(.unblocked)])
    }
}

/// A journal that syncs when the test says so.
final class SyncOnDemandJournal: SyncedJournal {
    var enqueued = 0
    private var waiting: [(Bool) -> Void] = []

    /// Completes the waiting syncs, as written (`succeeded`) or as failed writes.
    func sync(succeeded: Bool = true) {
        let done = waiting
        waiting = []
        for completion in done { completion(succeeded) }
    }

    func whenSynced(_ completion: @escaping (Bool) -> Void) { waiting.append(completion) }
    func exchangeDeclared(_ exchange: ExchangeDefinition, vhost: String) {}
    func exchangeDeleted(_ name: String, vhost: String) {}
    func queueDeclared(_ queue: QueueDefinition, vhost: String) {}
    func queueDeleted(_ name: String, vhost: String) {}
    func bindingAdded(_ binding: Binding, vhost: String) {}
    func bindingRemoved(_ binding: Binding, vhost: String) {}
    func messageEnqueued(_ entry: QueuedMessage, queue: String, vhost: String) { enqueued += 1 }
    func messageRemoved(sequence: UInt64, queue: String, vhost: String) {}
}
