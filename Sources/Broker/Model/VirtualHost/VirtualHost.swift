import AMQP

/// One virtual host's exchanges, queues and bindings, and every operation the channel layer
/// performs on them.
///
/// Threading: the model is single-threaded. One event loop owns a `VirtualHost` (and the
/// `ConsumerChannel`s on it), and every call happens on that loop; nothing here locks. The
/// types are deliberately not `Sendable`.
///
/// Errors are `BrokerError`s with RabbitMQ 3.10's codes and texts. Permission checks are the
/// channel's: where RabbitMQ checks a permission in the middle of an operation (the
/// alternate exchange of a new exchange, the dead-letter exchange of a new queue) the
/// operation takes a closure to call at that point. Checks RabbitMQ makes before the
/// permission check are also available on their own (`checkNotDefaultExchange`,
/// `checkReservedName`, `ExchangeType.parse`, `resolveQueueName`) so the channel can keep
/// RabbitMQ's order; the operations repeat them, harmlessly.
///
/// Names are used as given: the channel strips CR and LF first (rabbit_channel:strip_cr_lf),
/// since permission checks see the stripped name too.
public final class VirtualHost {
    public let name: String
    public let clock: BrokerClock
    public var journal: DurabilityJournal?

    public internal(set) var exchanges: [String: Exchange] = [:]
    public internal(set) var queues: [String: Queue] = [:]
    /// Bindings by destination, to remove them when the destination goes.
    var bindingsTo: [BindingDestination: Set<Binding>] = [:]
    var random = SystemRandomNumberGenerator()

    /// The exchanges every vhost has (rabbit_vhost:declare_exchanges in 3.10).
    public static let builtInExchanges: [(String, ExchangeType, internal: Bool)] = [
        ("", .direct, false),
        ("amq.direct", .direct, false),
        ("amq.fanout", .fanout, false),
        ("amq.topic", .topic, false),
        ("amq.headers", .headers, false),
        ("amq.match", .headers, false),
        ("amq.rabbitmq.trace", .topic, true),
    ]

    public init(name: String, clock: BrokerClock = SystemClock(), journal: DurabilityJournal? = nil) {
        self.name = name
        self.clock = clock
        self.journal = journal
        for (exchangeName, type, isInternal) in Self.builtInExchanges {
            exchanges[exchangeName] = Exchange(
                name: exchangeName, type: type, durable: true, autoDelete: false, internal: isInternal, arguments: FieldTable())
        }
    }

    func describe(_ kind: ResourceKind, _ entity: String) -> String {
        describeResource(kind, entity, vhost: name)
    }

    func notFound(_ kind: ResourceKind, _ entity: String) -> BrokerError {
        .notFound("no \(describe(kind, entity))")
    }

    public func exchange(named name: String) -> Exchange? { exchanges[name] }
    public func queue(named name: String) -> Queue? { queues[name] }

    /// All bindings of the vhost (management listings, definitions export), implicit
    /// default-exchange bindings excluded.
    public var bindings: [Binding] { exchanges.values.flatMap(\.bindings) }

    // MARK: - Checks RabbitMQ makes before permission checks

    /// check_not_default_exchange: 403 for `""` in declare, delete and bind.
    public static func checkNotDefaultExchange(_ name: String) throws(BrokerError) {
        if name.isEmpty { throw .accessRefused("operation not permitted on the default exchange") }
    }

    /// check_name: names starting `amq.` are reserved on creation.
    public static func checkReservedName(_ kind: ResourceKind, _ name: String) throws(BrokerError) {
        if name.hasPrefix("amq.") { throw .accessRefused("\(kind.rawValue) name '\(name)' contains reserved prefix 'amq.*'") }
    }

    // MARK: - Timers

    /// The earliest time (ms since the epoch) at which `runTimers()` has work: a message
    /// expiring at a queue's head, or a queue reaching its `x-expires`. The owner schedules a
    /// task for then and calls `runTimers()`; nil means nothing is pending.
    public var nextDeadline: Int64? {
        queues.values.compactMap(\.nextDeadline).min()
    }

    /// Drops (or dead-letters) expired messages at queue heads and deletes queues unused past
    /// their `x-expires`.
    public func runTimers() {
        let now = clock.nowMilliseconds
        for queue in Array(queues.values) where !queue.isDeleted {
            if queue.isUnusedPastExpiry(now: now) {
                removeQueue(queue)
            } else {
                queue.dropExpired(now: now)
            }
        }
    }

    // MARK: - Connections

    /// A connection closed (after its channels' `close()`): its exclusive queues are deleted.
    public func connectionClosed(_ connection: ConnectionID) {
        for queue in Array(queues.values) where queue.exclusiveOwner == connection {
            removeQueue(queue)
        }
    }
}

extension String {
    /// rabbit_channel:strip_cr_lf: names lose their CR and LF characters.
    public var strippingCRLF: String {
        String(unicodeScalars.filter { $0 != "\r" && $0 != "\n" }.map(Character.init))
    }
}
