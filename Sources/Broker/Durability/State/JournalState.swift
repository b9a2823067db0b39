import NIOCore

/// The durable state the journal describes: what a restart must bring back. The log keeps
/// it up to date as records are appended (to write a compacted snapshot) and builds it by
/// replaying the file at start (to restore the model).
public struct JournalState: Sendable {
    public struct VirtualHostState: Sendable {
        public var exchanges: [String: ExchangeDefinition] = [:]
        public var queues: [String: QueueState] = [:]
        public var bindings: Set<Binding> = []
    }

    public struct QueueState: Sendable {
        public var definition: QueueDefinition
        /// By sequence; `messagesInOrder` sorts them.
        public var messages: [UInt64: QueuedMessage] = [:]

        public var messagesInOrder: [QueuedMessage] { messages.values.sorted { $0.sequence < $1.sequence } }
    }

    public var virtualHosts: [String: VirtualHostState] = [:]
    /// A rough size of the records a snapshot would hold, to decide when to compact.
    public private(set) var estimatedBytes = 0

    public init() {}

    static let entityEstimate = 128
    static func estimate(_ entry: QueuedMessage) -> Int { 96 + entry.message.bodySize }

    public mutating func apply(_ record: JournalRecord) {
        switch record {
        case .exchangeDeclared(let vhost, let exchange):
            if virtualHosts[vhost, default: .init()].exchanges.updateValue(exchange, forKey: exchange.name) == nil {
                estimatedBytes += Self.entityEstimate
            }
        case .exchangeDeleted(let vhost, let name):
            guard virtualHosts[vhost]?.exchanges.removeValue(forKey: name) != nil else { return }
            estimatedBytes -= Self.entityEstimate
            removeBindings(in: vhost) { $0.source == name || $0.destination == .exchange(name) }
        case .queueDeclared(let vhost, let queue):
            if let old = virtualHosts[vhost, default: .init()].queues.updateValue(QueueState(definition: queue), forKey: queue.name) {
                estimatedBytes -= old.messages.values.reduce(0) { $0 + Self.estimate($1) }
            } else {
                estimatedBytes += Self.entityEstimate
            }
        case .queueDeleted(let vhost, let name):
            guard let old = virtualHosts[vhost]?.queues.removeValue(forKey: name) else { return }
            estimatedBytes -= Self.entityEstimate + old.messages.values.reduce(0) { $0 + Self.estimate($1) }
            removeBindings(in: vhost) { $0.destination == .queue(name) }
        case .bindingAdded(let vhost, let binding):
            if virtualHosts[vhost, default: .init()].bindings.insert(binding).inserted { estimatedBytes += Self.entityEstimate }
        case .bindingRemoved(let vhost, let binding):
            if virtualHosts[vhost]?.bindings.remove(binding) != nil { estimatedBytes -= Self.entityEstimate }
        case .messageEnqueued(let vhost, let queue, let entry):
            // A message for a queue the log does not hold cannot be restored; it is ignored.
            guard virtualHosts[vhost]?.queues[queue] != nil else { return }
            if let old = virtualHosts[vhost]?.queues[queue]?.messages.updateValue(entry, forKey: entry.sequence) {
                estimatedBytes -= Self.estimate(old)
            }
            estimatedBytes += Self.estimate(entry)
        case .messageRemoved(let vhost, let queue, let sequence):
            if let old = virtualHosts[vhost]?.queues[queue]?.messages.removeValue(forKey: sequence) {
                estimatedBytes -= Self.estimate(old)
            }
        case .messageDelivered(let vhost, let queue, let sequence):
            virtualHosts[vhost]?.queues[queue]?.messages[sequence]?.delivered = true
        case .virtualHostDeleted(let vhost):
            guard let old = virtualHosts.removeValue(forKey: vhost) else { return }
            estimatedBytes -= Self.entityEstimate * (old.exchanges.count + old.queues.count + old.bindings.count)
            estimatedBytes -= old.queues.values.reduce(0) { sum, queue in
                sum + queue.messages.values.reduce(0) { $0 + Self.estimate($1) }
            }
        }
    }

    private mutating func removeBindings(in vhost: String, where predicate: (Binding) -> Bool) {
        guard let bindings = virtualHosts[vhost]?.bindings else { return }
        let gone = bindings.filter(predicate)
        guard !gone.isEmpty else { return }
        virtualHosts[vhost]?.bindings.subtract(gone)
        estimatedBytes -= Self.entityEstimate * gone.count
    }

    /// The records that rebuild this state from nothing, in a fixed order (vhosts, then per
    /// vhost exchanges, queues, bindings, messages, each sorted): a compacted journal.
    public var snapshotRecords: [JournalRecord] {
        var records: [JournalRecord] = []
        for vhost in virtualHosts.keys.sorted() {
            guard let host = virtualHosts[vhost] else { continue }
            for name in host.exchanges.keys.sorted() {
                if let exchange = host.exchanges[name] { records.append(.exchangeDeclared(vhost: vhost, exchange)) }
            }
            let queueNames = host.queues.keys.sorted()
            for name in queueNames {
                if let queue = host.queues[name] { records.append(.queueDeclared(vhost: vhost, queue.definition)) }
            }
            for binding in host.bindings.sorted(by: Self.bindingOrder) { records.append(.bindingAdded(vhost: vhost, binding)) }
            for name in queueNames {
                for entry in host.queues[name]?.messagesInOrder ?? [] {
                    records.append(.messageEnqueued(vhost: vhost, queue: name, entry))
                }
            }
        }
        return records
    }

    static func bindingOrder(_ a: Binding, _ b: Binding) -> Bool {
        func key(_ binding: Binding) -> [String] {
            [binding.source, binding.destination.kind.rawValue, binding.destination.name, binding.routingKey]
        }
        let (ka, kb) = (key(a), key(b))
        if ka != kb { return ka.lexicographicallyPrecedes(kb) }
        return "\(a.arguments)" < "\(b.arguments)"
    }
}
