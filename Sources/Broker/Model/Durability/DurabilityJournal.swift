/// Where the model reports what must survive a restart; the append-only log implements it.
/// Called synchronously on the loop that owns the model, after the change is made:
/// - exchanges and queues only when durable (built-in exchanges never: every start makes them);
/// - bindings only when the source exchange and the destination are both durable;
/// - messages only when persistent and in a durable queue, identified by (vhost, queue,
///   sequence). `queueDeleted` also removes every message the queue still had;
/// - `queueDeleted` and `exchangeDeleted` also remove every binding to or from that entity
///   (no `bindingRemoved` is sent for those).
/// A publisher confirm for a message whose `PublishResult.journaled` is true must wait until
/// the journal has synced what it was given.
public protocol DurabilityJournal: AnyObject {
    func exchangeDeclared(_ exchange: ExchangeDefinition, vhost: String)
    func exchangeDeleted(_ name: String, vhost: String)
    func queueDeclared(_ queue: QueueDefinition, vhost: String)
    func queueDeleted(_ name: String, vhost: String)
    func bindingAdded(_ binding: Binding, vhost: String)
    func bindingRemoved(_ binding: Binding, vhost: String)
    func messageEnqueued(_ entry: QueuedMessage, queue: String, vhost: String)
    func messageRemoved(sequence: UInt64, queue: String, vhost: String)
    /// A journaled message went to a consumer or basic.get for the first time: recovered
    /// after a crash it comes back with redelivered=true, as RabbitMQ's queue index does.
    func messageDelivered(sequence: UInt64, queue: String, vhost: String)
}

extension DurabilityJournal {
    public func messageDelivered(sequence: UInt64, queue: String, vhost: String) {}
}
