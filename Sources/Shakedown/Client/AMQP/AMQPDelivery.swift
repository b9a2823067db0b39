import AMQP
import NIOCore

/// A message the broker handed over: by basic.deliver to a consumer, or by basic.get-ok.
public struct AMQPDelivery: Sendable {
    /// The consumer's tag; "" for a basic.get.
    public var consumerTag: String
    public var deliveryTag: UInt64
    public var redelivered: Bool
    public var exchange: String
    public var routingKey: String
    public var properties: BasicProperties
    public var body: ByteBuffer
}

/// A mandatory message the broker could not route, sent back with basic.return.
public struct AMQPReturnedMessage: Sendable {
    public var replyCode: UInt16
    public var replyText: String
    public var exchange: String
    public var routingKey: String
    public var properties: BasicProperties
    public var body: ByteBuffer
}

/// A consumer started by basic.consume: its tag and its deliveries. The stream ends when the
/// channel or connection closes or the broker cancels the consumer (the channel's
/// `closedError` then says why). Read `deliveries` once: it applies back-pressure to the
/// connection (`AMQPDeliveries`).
public struct AMQPConsumer: Sendable {
    public let consumerTag: String
    public let deliveries: AMQPDeliveries
}
