import AMQP

extension VirtualHost {
    /// basic.consume. Returns the consumer tag (generated `amq.ctag-…` when empty).
    ///
    /// `onRegistered` runs once the consumer exists and before any delivery, so the channel
    /// writes consume-ok ahead of the first basic.deliver, as RabbitMQ does.
    /// Errors: a tag already used on the channel (530, connection-level), no queue (404),
    /// another connection's exclusive queue (405), an exclusive consumer on the queue or an
    /// exclusive request while it has consumers (403 `… in exclusive use`).
    @discardableResult
    public func consume(
        queue name: String, on channel: ConsumerChannel, consumerTag: String, noAck: Bool, exclusive: Bool,
        arguments: FieldTable, onRegistered: (String) -> Void = { _ in }
    ) throws(BrokerError) -> String {
        if !consumerTag.isEmpty, channel.hasConsumer(tagged: consumerTag) {
            throw BrokerError(code: .notAllowed, text: "attempt to reuse consumer tag '\(consumerTag)'")
        }
        let queue = try queueForAccess(name, connection: channel.connection)
        var tag = consumerTag
        if tag.isEmpty {
            repeat { tag = GeneratedName.consumerTag(using: &random) } while channel.hasConsumer(tagged: tag)
        }
        let holdsExclusive = queue.consumers.contains { $0.exclusive }
        if holdsExclusive || (exclusive && (queue.settings.singleActiveConsumer || !queue.consumers.isEmpty)) {
            throw .accessRefused("\(describe(.queue, name)) in exclusive use")
        }
        let consumer = Consumer(
            tag: tag, queue: queue, channel: channel, noAck: noAck, exclusive: exclusive, prefetch: channel.consumerPrefetch,
            arguments: arguments)
        channel.register(consumer)
        queue.add(consumer)
        onRegistered(tag)
        queue.run()
        return tag
    }

    /// basic.get: the head message of the queue (404, 405 as usual), or nil for get-empty.
    /// Returns the delivery (its tag from the channel) and the ready messages left.
    public func get(queue name: String, on channel: ConsumerChannel, noAck: Bool) throws(BrokerError) -> (delivery: Delivery, messageCount: Int)? {
        let queue = try queueForAccess(name, connection: channel.connection)
        guard let (entry, redelivered, remaining) = queue.fetch() else { return nil }
        let delivery = channel.recordGet(entry, redelivered: redelivered, from: queue, noAck: noAck)
        return (delivery, remaining)
    }

    /// A consumer was cancelled by its channel.
    func detach(_ consumer: Consumer) {
        let queue = consumer.queue
        queue.remove(consumer)
        deleteIfAutoDelete(queue)
    }
}
