import AMQP
import NIOCore
import NIOEmbedded
import Testing

@testable import Broker

/// Flow control (AMQPConnectionHandler+Flow): a consumer whose socket is backed up gets no
/// more deliveries (they wait in the queue) and publishers stop being read until it drains.
@Suite struct FlowControlTests {
    /// `count` basic.publish commands to the default exchange in one read batch, bodies
    /// "first"…"first+count-1".
    private func publishBatch(_ client: EmbeddedClient, to queue: String, from first: Int, count: Int) throws {
        var buffer = ByteBuffer()
        for n in first..<(first + count) {
            let command = Command(
                channel: 1, method: .basic(.publish(.init(exchange: "", routingKey: queue))),
                content: Content(properties: BasicProperties(), body: ByteBuffer(string: "\(n)")))
            for frame in command.frames(frameMax: 131_072) { try frame.encode(into: &buffer) }
        }
        try client.channel.writeInbound(buffer)
        client.channel.pipeline.fireChannelReadComplete()
    }

    private func deliveredBodies(_ client: EmbeddedClient) throws -> [String] {
        try client.frames().compactMap { if case .body(_, let body) = $0 { String(buffer: body) } else { nil } }
    }

    private func setWritable(_ client: EmbeddedClient, _ writable: Bool) {
        client.channel.isWritable = writable
        client.channel.pipeline.fireChannelWritabilityChanged()
        client.loop.run()
    }

    /// Consumer (auto-ack) and publisher on one node, queue "flow" declared and consumed.
    private func consumerAndPublisher(heartbeat: UInt16 = 0) throws -> (EmbeddedClient, EmbeddedClient) {
        let consumer = try EmbeddedClient()
        let publisher = try EmbeddedClient(sharing: consumer)
        try consumer.handshake()
        try consumer.openChannel()
        try publisher.handshake(tune: .init(channelMax: 2047, frameMax: 131_072, heartbeat: heartbeat))
        try publisher.openChannel()
        try consumer.send(.queue(.declare(.init(queue: "flow"))), channel: 1)
        try consumer.send(.basic(.consume(.init(queue: "flow", noAck: true))), channel: 1)
        _ = try consumer.methods()
        return (consumer, publisher)
    }

    @Test func aConsumerThatDoesNotReadBoundsTheOutputAndEveryMessageArrivesInOrder() throws {
        let (consumer, publisher) = try consumerAndPublisher()
        try publishBatch(publisher, to: "flow", from: 0, count: 10)
        consumer.loop.run()
        #expect(try deliveredBodies(consumer) == (0..<10).map { "\($0)" })
        #expect(try !publisher.handler.readPaused)

        // The consumer's socket is past its high water mark and stays there.
        setWritable(consumer, false)
        let total = 50_000
        var next = 10
        while next < total {
            let count = min(1000, total - next)
            try publishBatch(publisher, to: "flow", from: next, count: count)
            next += count
            // The first batch after the backlog began pauses the publisher.
            #expect(try publisher.handler.readPaused)
        }
        consumer.loop.run()
        let queue = consumer.node.state.virtualHost(named: "/")?.queue(named: "flow")
        #expect(queue?.messageCount == total - 10)
        #expect(consumer.node.deliveryOverruns == 0)
        #expect(try deliveredBodies(consumer).isEmpty)

        // Drained: deliveries resume in order and the publisher is read again.
        setWritable(consumer, true)
        #expect(try !publisher.handler.readPaused)
        let bodies = try deliveredBodies(consumer)
        #expect(bodies.count == total - 10)
        #expect(bodies.elementsEqual((10..<total).map { "\($0)" }))
        #expect(queue?.messageCount == 0)
    }

    @Test func aConnectionThatOnlyConsumesIsNotPaused() throws {
        let (consumer, publisher) = try consumerAndPublisher()
        let reader = try EmbeddedClient(sharing: consumer)
        try reader.handshake()
        try reader.openChannel()
        setWritable(consumer, false)
        try publishBatch(publisher, to: "flow", from: 0, count: 5)
        try reader.send(.queue(.declare(.init(queue: "other"))), channel: 1)
        #expect(try publisher.handler.readPaused)
        #expect(try !reader.handler.readPaused)
        // The backed-up consumer itself keeps being read, so it can always close.
        try consumer.send(.channel(.close(.init(replyCode: 200, replyText: "", classID: 0, methodID: 0))), channel: 1)
        #expect(try !consumer.handler.readPaused)
        #expect(consumer.node.state.virtualHost(named: "/")?.queue(named: "flow")?.consumerCount == 0)
    }

    @Test func aPausedPublisherDoesNotTimeOutOnHeartbeats() throws {
        let (consumer, publisher) = try consumerAndPublisher(heartbeat: 1)
        setWritable(consumer, false)
        try publishBatch(publisher, to: "flow", from: 0, count: 5)
        #expect(try publisher.handler.readPaused)
        consumer.loop.advanceTime(by: .seconds(10))
        #expect(publisher.isOpen)
        // Heartbeats still go out.
        #expect(try publisher.frames().contains { if case .heartbeat = $0 { true } else { false } })
        // The backlog clears and the publisher is read again.
        setWritable(consumer, false)
        setWritable(consumer, true)
        #expect(try !publisher.handler.readPaused)
        #expect(try deliveredBodies(consumer) == (0..<5).map { "\($0)" })
    }

    /// A consumer that drains slower than its queue fills: the publisher stays paused while
    /// more than `backlogLow` messages wait, though the consumer's socket drained in between.
    @Test func aPublisherWaitsUntilTheBacklogItFedDrains() throws {
        let (consumer, publisher) = try consumerAndPublisher()
        let budget = WriteBudget(channel: consumer.channel)
        try consumer.channel.pipeline.syncOperations.addHandler(budget, position: .first)
        setWritable(consumer, false)
        try publishBatch(publisher, to: "flow", from: 0, count: 1000)
        #expect(try publisher.handler.readPaused)
        let queue = consumer.node.state.virtualHost(named: "/")?.queue(named: "flow")

        // The socket drains, takes 500 deliveries and is full again: 500 still wait.
        budget.remaining = 500
        setWritable(consumer, true)
        #expect(queue?.messageCount == 500)
        #expect(try publisher.handler.readPaused)

        // 350 more: 150 wait, under backlogLow, and the publisher is read again.
        budget.remaining = 350
        setWritable(consumer, true)
        #expect(queue?.messageCount == 150)
        #expect(try !publisher.handler.readPaused)
        budget.remaining = .max
        setWritable(consumer, true)
        #expect(try deliveredBodies(consumer).elementsEqual((0..<1000).map { "\($0)" }))
    }

    /// A backlog behind a consumer out of credit (unacked prefetch) does not pause anyone:
    /// waiting would not drain it, and RabbitMQ lets such a queue grow.
    @Test func aBacklogBehindAConsumerWithoutCreditPausesNobody() throws {
        let consumer = try EmbeddedClient()
        let publisher = try EmbeddedClient(sharing: consumer)
        try consumer.handshake()
        try consumer.openChannel()
        try publisher.handshake()
        try publisher.openChannel()
        try consumer.send(.queue(.declare(.init(queue: "flow"))), channel: 1)
        try consumer.send(.basic(.qos(.init(prefetchSize: 0, prefetchCount: 10, global: false))), channel: 1)
        try consumer.send(.basic(.consume(.init(queue: "flow"))), channel: 1)
        _ = try consumer.methods()
        try publishBatch(publisher, to: "flow", from: 0, count: 1000)
        try publishBatch(publisher, to: "flow", from: 1000, count: 1000)
        #expect(consumer.node.state.virtualHost(named: "/")?.queue(named: "flow")?.messageCount == 1990)
        #expect(try !publisher.handler.readPaused)
    }
}

/// Makes an embedded channel unwritable after a number of writes, as a socket whose peer
/// stopped reading would (without the writability event, which the connection does not need
/// to notice a full socket after a delivery).
private final class WriteBudget: ChannelOutboundHandler {
    typealias OutboundIn = ByteBuffer
    let channel: EmbeddedChannel
    var remaining = Int.max

    init(channel: EmbeddedChannel) { self.channel = channel }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
        remaining -= 1
        if remaining == 0 { channel.isWritable = false }
    }
}
