import AMQP
import DequeModule

/// A classic queue: ready messages in order, a count of unacked ones (the channels hold
/// those), consumers in round-robin order, and its limits. Changed only through its
/// `VirtualHost` and the `ConsumerChannel`s consuming from it, on the loop that owns them.
public final class Queue {
    public let name: String
    public let durable: Bool
    /// The connection that declared it exclusive; nil for a shared queue.
    public let exclusiveOwner: ConnectionID?
    /// Deleted when its last consumer goes, once it has had one.
    public let autoDelete: Bool
    public let arguments: FieldTable
    public let settings: QueueArguments
    public private(set) var isDeleted = false

    weak var vhost: VirtualHost?
    var ready = Deque<QueuedMessage>()
    public private(set) var readyBytes = 0
    /// Messages delivered with ack required and not yet settled.
    public internal(set) var unackedCount = 0
    var nextSequence: UInt64 = 1
    /// Round-robin order: the next consumer to try is first.
    var consumers: [Consumer] = []
    var hasHadConsumers = false
    /// When it was last used (declared, consumed from, basic.get), for `x-expires`.
    var lastUsed: Int64
    private var dispatching = false
    private var dispatchAgain = false
    /// Flow control's view (see `updateBacklog`).
    public private(set) var isBacklogged = false

    init(name: String, vhost: VirtualHost, durable: Bool, exclusiveOwner: ConnectionID?, autoDelete: Bool, arguments: FieldTable, settings: QueueArguments, now: Int64) {
        self.name = name
        self.vhost = vhost
        self.durable = durable
        self.exclusiveOwner = exclusiveOwner
        self.autoDelete = autoDelete
        self.arguments = arguments
        self.settings = settings
        self.lastUsed = now
    }

    public var definition: QueueDefinition {
        QueueDefinition(name: name, durable: durable, exclusive: exclusiveOwner != nil, autoDelete: autoDelete, arguments: arguments)
    }

    /// Ready messages (what declare-ok and get-ok report).
    public var messageCount: Int { ready.count }
    public var consumerCount: Int { consumers.count }
    public var consumerTags: [String] { consumers.map(\.tag) }
    /// The ready messages, oldest first (management listings and tests).
    public var readyMessages: [QueuedMessage] { Array(ready) }

    private var now: Int64 { vhost?.clock.nowMilliseconds ?? lastUsed }
    private var journal: DurabilityJournal? { vhost?.journal }

    // MARK: - Taking messages in

    enum EnqueueOutcome {
        case accepted
        /// Refused by `x-overflow` reject-publish(-dlx): the publisher gets a nack.
        case rejected
    }

    /// deliver_or_enqueue: straight to a consumer when one can take it, else to the tail;
    /// then the length limits and head expiry apply.
    func enqueue(_ message: Message) -> EnqueueOutcome {
        let now = self.now
        if settings.overflow != .dropHead, wouldOverflow(adding: message.bodySize) {
            if settings.overflow == .rejectPublishDLX { vhost?.deadLetter([message], reason: .maxlen, from: self) }
            return .rejected
        }
        var entry = QueuedMessage(message: message, sequence: nextSequence, expiresAt: expiry(of: message, now: now))
        nextSequence += 1
        if durable, message.isPersistent {
            entry.journaled = true
            journal?.messageEnqueued(entry, queue: name, vhost: vhost?.name ?? "")
        }
        if ready.isEmpty, !dispatching, let consumer = nextConsumer() {
            hand(entry, to: consumer)
            return .accepted
        }
        ready.append(entry)
        readyBytes += message.bodySize
        dropHeadWhileOverLimit()
        dropExpired(now: now)
        run()
        return .accepted
    }

    /// Puts back a message the journal recovered (broker start), keeping its sequence.
    func restore(_ entry: QueuedMessage) {
        ready.append(entry)
        readyBytes += entry.message.bodySize
        nextSequence = max(nextSequence, entry.sequence + 1)
    }

    private func expiry(of message: Message, now: Int64) -> Int64? {
        // The channel refuses bad expirations before routing; a bad one here counts as none.
        let perMessage = (try? Message.parseExpiration(message.properties.expiration)) ?? nil
        let ttl = [settings.messageTTL, perMessage].compactMap { $0 }.min()
        return ttl.map { now + $0 }
    }

    private func wouldOverflow(adding size: Int) -> Bool {
        if let max = settings.maxLength, Int64(ready.count) + 1 > max { return true }
        if let max = settings.maxLengthBytes, Int64(readyBytes + size) > max { return true }
        return false
    }

    private var isOverLimit: Bool {
        if let max = settings.maxLength, Int64(ready.count) > max { return true }
        if let max = settings.maxLengthBytes, Int64(readyBytes) > max { return true }
        return false
    }

    /// maybe_drop_head: with drop-head overflow, the oldest ready messages go (dead-lettered
    /// with reason `maxlen` when the queue has a dead-letter exchange).
    private func dropHeadWhileOverLimit() {
        guard settings.overflow == .dropHead else { return }
        while isOverLimit, let head = popHead() {
            vhost?.deadLetter([head.message], reason: .maxlen, from: self)
        }
    }

    /// drop_expired_msgs: expired messages leave from the head only (one with a long TTL
    /// ahead of a short one shields it), dead-lettered with reason `expired`.
    func dropExpired(now: Int64) {
        var expired: [Message] = []
        while let head = ready.first, head.isExpired(at: now), let entry = popHead() {
            expired.append(entry.message)
        }
        if !expired.isEmpty { vhost?.deadLetter(expired, reason: .expired, from: self) }
    }

    /// Removes the head, settling it with the journal.
    private func popHead() -> QueuedMessage? {
        guard let entry = ready.popFirst() else { return nil }
        readyBytes -= entry.message.bodySize
        forget(entry)
        return entry
    }

    /// The message is gone from this queue for good: tell the journal if it had it.
    func forget(_ entry: QueuedMessage) {
        if entry.journaled { journal?.messageRemoved(sequence: entry.sequence, queue: name, vhost: vhost?.name ?? "") }
    }

    /// The earliest time something in this queue must happen by itself (head expiry or
    /// queue expiry), for the owner's timer.
    var nextDeadline: Int64? {
        var deadlines: [Int64] = []
        if let head = ready.first?.expiresAt { deadlines.append(head) }
        if let expires = settings.expires, consumers.isEmpty { deadlines.append(lastUsed + expires) }
        return deadlines.min()
    }

    func isUnusedPastExpiry(now: Int64) -> Bool {
        guard let expires = settings.expires, consumers.isEmpty else { return false }
        return now >= lastUsed + expires
    }

    // MARK: - Handing messages out

    /// run_message_queue: hands ready messages to consumers with credit, round robin, until
    /// either runs out. Re-entrant calls (a delivery causing another enqueue) are folded in.
    func run() {
        guard !isDeleted else { return }
        if dispatching {
            dispatchAgain = true
            return
        }
        dispatching = true
        defer { dispatching = false }
        repeat {
            dispatchAgain = false
            while true {
                dropExpired(now: now)
                guard !ready.isEmpty, let consumer = nextConsumer(), let entry = ready.popFirst() else { break }
                readyBytes -= entry.message.bodySize
                hand(entry, to: consumer)
            }
        } while dispatchAgain && !isDeleted
    }

    /// The first consumer with credit, moved to the back of the line. With single active
    /// consumer only the first registered one (the active one) is ever picked.
    private func nextConsumer() -> Consumer? {
        if settings.singleActiveConsumer {
            guard let active = consumers.first, active.canTakeMessage else { return nil }
            return active
        }
        guard let index = consumers.firstIndex(where: { $0.canTakeMessage }) else { return nil }
        let consumer = consumers.remove(at: index)
        consumers.append(consumer)
        return consumer
    }

    private func hand(_ entry: QueuedMessage, to consumer: Consumer) {
        guard let channel = consumer.channel else { return }
        var entry = entry
        let redelivered = entry.delivered
        entry.delivered = true
        if consumer.noAck {
            // Gone at once: a delivered mark would be followed by the removal anyway.
            forget(entry)
        } else {
            if !redelivered { journalDelivery(of: entry) }
            unackedCount += 1
        }
        channel.send(entry, redelivered: redelivered, from: self, consumer: consumer)
    }

    /// basic.get: the head message, or nil when there is none. Returns the entry and the
    /// number of ready messages left.
    func fetch() -> (entry: QueuedMessage, redelivered: Bool, remaining: Int)? {
        let now = self.now
        lastUsed = now
        dropExpired(now: now)
        guard var entry = ready.popFirst() else { return nil }
        readyBytes -= entry.message.bodySize
        let redelivered = entry.delivered
        entry.delivered = true
        if !redelivered { journalDelivery(of: entry) }
        return (entry, redelivered, ready.count)
    }

    private func journalDelivery(of entry: QueuedMessage) {
        if entry.journaled { journal?.messageDelivered(sequence: entry.sequence, queue: name, vhost: vhost?.name ?? "") }
    }

    // MARK: - Settling

    /// Acked: the message is done with.
    func acknowledge(_ entry: QueuedMessage) {
        guard !isDeleted else { return }
        unackedCount -= 1
        forget(entry)
    }

    /// requeue_and_run: messages go back where they were (by sequence, so ahead of newer
    /// ones), marked redelivered; then limits, expiry and dispatch apply.
    func requeue(_ entries: [QueuedMessage]) {
        guard !isDeleted, !entries.isEmpty else { return }
        unackedCount -= entries.count
        for entry in entries.sorted(by: { $0.sequence > $1.sequence }) {
            readyBytes += entry.message.bodySize
            if let first = ready.first, first.sequence < entry.sequence {
                let index = ready.firstIndex { $0.sequence > entry.sequence } ?? ready.endIndex
                ready.insert(entry, at: index)
            } else {
                ready.prepend(entry)
            }
        }
        dropHeadWhileOverLimit()
        dropExpired(now: now)
        run()
    }

    /// Rejected or nacked without requeue: dead-lettered with reason `rejected`, or dropped.
    func discard(_ entries: [QueuedMessage]) {
        guard !isDeleted, !entries.isEmpty else { return }
        unackedCount -= entries.count
        entries.forEach(forget)
        vhost?.deadLetter(entries.map(\.message), reason: .rejected, from: self)
    }

    /// queue.purge: drops the ready messages (not the unacked ones) and says how many.
    func purge() -> Int {
        let count = ready.count
        while popHead() != nil {}
        return count
    }

    // MARK: - Flow control

    /// Whether publishers feeding this queue should wait: more than `high` messages are ready
    /// although a consumer has credit, so only that consumer's socket holds them back. It stays
    /// so until `low` or fewer are ready, or no consumer has credit left (a consumer waiting
    /// for acks, or none at all, is not drained by waiting, and RabbitMQ lets such a queue
    /// grow). The thresholds are the server's.
    @discardableResult
    func updateBacklog(high: Int, low: Int) -> Bool {
        let drainers = settings.singleActiveConsumer ? Array(consumers.prefix(1)) : consumers
        if isDeleted || !drainers.contains(where: \.hasCredit) {
            isBacklogged = false
        } else {
            isBacklogged = ready.count > (isBacklogged ? low : high)
        }
        return isBacklogged
    }

    // MARK: - Consumers

    func add(_ consumer: Consumer) {
        consumers.append(consumer)
        hasHadConsumers = true
        lastUsed = now
    }

    func remove(_ consumer: Consumer) {
        consumers.removeAll { $0 === consumer }
        lastUsed = now
    }

    /// should_auto_delete: an auto-delete queue that had consumers and has none left.
    var shouldAutoDelete: Bool { autoDelete && hasHadConsumers && consumers.isEmpty }

    func touch() { lastUsed = now }

    /// Marks the queue gone; returns its consumers so the owner can cancel them.
    func markDeleted() -> [Consumer] {
        isDeleted = true
        let gone = consumers
        consumers = []
        ready.removeAll()
        readyBytes = 0
        return gone
    }
}

/// A queue's declared fields, as values.
public struct QueueDefinition: Hashable, Sendable {
    public var name: String
    public var durable: Bool
    public var exclusive: Bool
    public var autoDelete: Bool
    public var arguments: FieldTable

    public init(name: String, durable: Bool, exclusive: Bool, autoDelete: Bool, arguments: FieldTable) {
        self.name = name
        self.durable = durable
        self.exclusive = exclusive
        self.autoDelete = autoDelete
        self.arguments = arguments
    }
}
