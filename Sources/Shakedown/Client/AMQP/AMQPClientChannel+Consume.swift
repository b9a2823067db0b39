import AMQP
import NIOConcurrencyHelpers

extension AMQPClientChannel {
    private static let consumerCount = NIOLockedValueBox(0)

    /// basic.consume; deliveries arrive on the returned consumer's stream. The tag is chosen
    /// here (`shakedown.ctag-N`) so the consumer exists before the first delivery can.
    public func basicConsume(queue: String, noAck: Bool = false, exclusive: Bool = false, arguments: FieldTable = [:])
        async throws(AMQPClientError) -> AMQPConsumer
    {
        try state.checkOpen()
        let number = Self.consumerCount.withLockedValue { count in
            count += 1
            return count
        }
        let tag = "shakedown.ctag-\(number)"
        let consume = BasicMethod.Consume(queue: queue, consumerTag: tag, noAck: noAck, exclusive: exclusive, arguments: arguments)
        let (deliveries, source, gate) = DeliveryReadGate.makeDeliveries(on: connection.channel)
        let promise = connection.channel.eventLoop.makePromise(of: Command.self)
        let handler = connection.handler
        let id = self.id
        connection.channel.eventLoop.execute {
            handler.value.consume(channel: id, consume, into: source, gate: gate, reply: promise)
        }
        let reply = try await wait(promise.futureResult)
        guard case .basic(.consumeOk) = reply.method else {
            throw .unexpectedReply(expected: "basic.consume_ok", got: reply.method.name)
        }
        return AMQPConsumer(consumerTag: tag, deliveries: deliveries)
    }

    public func basicAck(deliveryTag: UInt64, multiple: Bool = false) throws(AMQPClientError) {
        try send(.basic(.ack(deliveryTag: deliveryTag, multiple: multiple)))
    }

    public func basicNack(deliveryTag: UInt64, multiple: Bool = false, requeue: Bool = true) throws(AMQPClientError) {
        try send(.basic(.nack(deliveryTag: deliveryTag, multiple: multiple, requeue: requeue)))
    }

    public func basicReject(deliveryTag: UInt64, requeue: Bool) throws(AMQPClientError) {
        try send(.basic(.reject(deliveryTag: deliveryTag, requeue: requeue)))
    }
}
