/// One change to the broker's durable state, as the journal stores it. The first eight are
/// what the model reports through `DurabilityJournal`; `messageDelivered` and
/// `virtualHostDeleted` come from layers above it (see `DurabilityLog`).
public enum JournalRecord: Sendable {
    case exchangeDeclared(vhost: String, ExchangeDefinition)
    case exchangeDeleted(vhost: String, name: String)
    case queueDeclared(vhost: String, QueueDefinition)
    case queueDeleted(vhost: String, name: String)
    case bindingAdded(vhost: String, Binding)
    case bindingRemoved(vhost: String, Binding)
    /// A persistent message in a durable queue, with its sequence, expiry and delivered flag.
    case messageEnqueued(vhost: String, queue: String, QueuedMessage)
    /// Acked, dropped, expired or dead-lettered: gone from that queue.
    case messageRemoved(vhost: String, queue: String, sequence: UInt64)
    /// Handed to a consumer or basic.get: recovered as redelivered.
    case messageDelivered(vhost: String, queue: String, sequence: UInt64)
    /// The vhost and everything in it went.
    case virtualHostDeleted(vhost: String)

    /// The type octet of the record frame. Values are part of the file format: never reuse one.
    public enum Kind: UInt8, Sendable, CaseIterable {
        case exchangeDeclared = 1
        case exchangeDeleted = 2
        case queueDeclared = 3
        case queueDeleted = 4
        case bindingAdded = 5
        case bindingRemoved = 6
        case messageEnqueued = 7
        case messageRemoved = 8
        case messageDelivered = 9
        case virtualHostDeleted = 10
    }

    public var kind: Kind {
        switch self {
        case .exchangeDeclared: .exchangeDeclared
        case .exchangeDeleted: .exchangeDeleted
        case .queueDeclared: .queueDeclared
        case .queueDeleted: .queueDeleted
        case .bindingAdded: .bindingAdded
        case .bindingRemoved: .bindingRemoved
        case .messageEnqueued: .messageEnqueued
        case .messageRemoved: .messageRemoved
        case .messageDelivered: .messageDelivered
        case .virtualHostDeleted: .virtualHostDeleted
        }
    }
}
