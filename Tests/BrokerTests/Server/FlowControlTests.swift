import AMQP
import NIOCore
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
}
