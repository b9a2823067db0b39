import Logging

extension JournalState {
    /// What `restore(into:)` could not put back.
    public struct RestoreReport: Sendable, Equatable {
        /// Vhosts the journal holds entities for but the broker does not have (its
        /// definitions decide which vhosts exist); their records are kept.
        public var missingVirtualHosts: [String] = []
        /// Entities the model refused, with its reason (an inconsistent journal).
        public var refused: [String] = []
        public var exchanges = 0
        public var queues = 0
        public var bindings = 0
        public var messages = 0
    }

    /// Rebuilds the durable exchanges, queues, bindings and messages in `broker`'s existing
    /// vhosts, through the model's own operations. Messages go back in sequence order, each
    /// redelivered if it was delivered before the restart. The broker's journal must be
    /// detached meanwhile (nothing here is new to the log): `DurabilityLog.restore` does that.
    public func restore(into broker: BrokerState, logger: Logger) -> RestoreReport {
        var report = RestoreReport()
        let connection = ConnectionID(0)  // durable queues are never exclusive
        for vhost in virtualHosts.keys.sorted() {
            guard let state = virtualHosts[vhost] else { continue }
            guard let host = broker.virtualHost(named: vhost) else {
                report.missingVirtualHosts.append(vhost)
                logger.warning("journal holds entities of vhost '\(vhost)', which does not exist; not restored")
                continue
            }
            func attempt(_ what: String, _ body: () throws(BrokerError) -> Void) -> Bool {
                do {
                    try body()
                    return true
                } catch {
                    report.refused.append("\(what): \(error)")
                    logger.error("journal: could not restore \(what): \(error)")
                    return false
                }
            }
            for exchange in state.exchanges.values.sorted(by: { $0.name < $1.name }) {
                let ok = attempt("exchange '\(exchange.name)' in vhost '\(vhost)'") { () throws(BrokerError) in
                    try host.declareExchange(
                        name: exchange.name, type: exchange.type.rawValue, durable: exchange.durable, autoDelete: exchange.autoDelete,
                        internal: exchange.internal, arguments: exchange.arguments)
                }
                if ok { report.exchanges += 1 }
            }
            for queue in state.queues.values.sorted(by: { $0.definition.name < $1.definition.name }) {
                let definition = queue.definition
                let ok = attempt("queue '\(definition.name)' in vhost '\(vhost)'") { () throws(BrokerError) in
                    try host.declareQueue(
                        name: definition.name, durable: definition.durable, exclusive: false, autoDelete: definition.autoDelete,
                        arguments: definition.arguments, connection: connection)
                }
                if ok { report.queues += 1 }
            }
            for binding in state.bindings.sorted(by: Self.bindingOrder) {
                let ok = attempt("binding \(binding) in vhost '\(vhost)'") { () throws(BrokerError) in
                    switch binding.destination {
                    case .queue(let queue):
                        try host.bindQueue(
                            queue, to: binding.source, routingKey: binding.routingKey, arguments: binding.arguments, connection: connection)
                    case .exchange(let exchange):
                        try host.bindExchange(
                            destination: exchange, source: binding.source, routingKey: binding.routingKey, arguments: binding.arguments)
                    }
                }
                if ok { report.bindings += 1 }
            }
            for name in state.queues.keys.sorted() {
                for entry in state.queues[name]?.messagesInOrder ?? [] {
                    var entry = entry
                    entry.journaled = true
                    let ok = attempt("message \(entry.sequence) of queue '\(name)' in vhost '\(vhost)'") { () throws(BrokerError) in
                        try host.restoreMessage(entry, queue: name)
                    }
                    if ok { report.messages += 1 }
                }
            }
        }
        return report
    }
}
