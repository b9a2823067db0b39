/// One message handed to the channel layer, with the fields of basic.deliver / basic.get-ok.
public struct Delivery: Sendable {
    /// Empty for basic.get.
    public var consumerTag: String
    public var deliveryTag: UInt64
    public var redelivered: Bool
    /// The exchange the message was published (or dead-lettered) to.
    public var exchange: String
    public var routingKey: String
    public var message: Message
}

/// What the channel layer implements to receive what the model decides to send. The model
/// calls it synchronously, on the loop that owns the virtual host, in delivery-tag order; an
/// implementation writes frames and must not call back into the model from inside these
/// methods (queue the work instead if it needs to).
public protocol DeliverySink: AnyObject {
    /// A message for one of this channel's consumers: write basic.deliver and the content.
    func deliver(_ delivery: Delivery)
    /// The broker cancelled a consumer (its queue was deleted): write basic.cancel to a client
    /// that announced `consumer_cancel_notify`.
    func consumerCancelled(tag: String)
}
