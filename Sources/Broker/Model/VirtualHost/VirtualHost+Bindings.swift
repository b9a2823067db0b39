import AMQP

extension VirtualHost {
    /// queue.bind. Order as rabbit_binding:add: default exchange (403) → source missing (404)
    /// → queue missing (404) → headers `x-match` validation (406) → another connection's
    /// exclusive queue (405). Binding twice is fine.
    public func bindQueue(_ queue: String, to exchange: String, routingKey: String, arguments: FieldTable, connection: ConnectionID) throws(BrokerError) {
        try Self.checkNotDefaultExchange(exchange)
        let source = try sourceExchange(exchange)
        guard let destination = queues[queue] else { throw notFound(.queue, queue) }
        if source.type == .headers { try HeadersMatch.validate(arguments) }
        try checkExclusiveAccess(destination, connection: connection)
        add(Binding(source: exchange, destination: .queue(queue), routingKey: routingKey, arguments: arguments))
    }

    /// exchange.bind: messages routed by `source` flow on to `destination`.
    public func bindExchange(destination: String, source: String, routingKey: String, arguments: FieldTable) throws(BrokerError) {
        try Self.checkNotDefaultExchange(destination)
        try Self.checkNotDefaultExchange(source)
        let sourceExchange = try sourceExchange(source)
        guard exchanges[destination] != nil else { throw notFound(.exchange, destination) }
        if sourceExchange.type == .headers { try HeadersMatch.validate(arguments) }
        add(Binding(source: source, destination: .exchange(destination), routingKey: routingKey, arguments: arguments))
    }

    /// queue.unbind. In 3.10 an absent queue, exchange or binding is not an error; 405 for
    /// another connection's exclusive queue when the binding exists. An auto-delete source
    /// left without bindings is deleted.
    public func unbindQueue(_ queue: String, from exchange: String, routingKey: String, arguments: FieldTable, connection: ConnectionID) throws(BrokerError) {
        try Self.checkNotDefaultExchange(exchange)
        let binding = Binding(source: exchange, destination: .queue(queue), routingKey: routingKey, arguments: arguments)
        guard let source = exchanges[exchange], source.bindings.contains(binding), let destination = queues[queue] else { return }
        try checkExclusiveAccess(destination, connection: connection)
        remove(binding, from: source)
    }

    /// exchange.unbind, as queue.unbind.
    public func unbindExchange(destination: String, source: String, routingKey: String, arguments: FieldTable) throws(BrokerError) {
        try Self.checkNotDefaultExchange(destination)
        try Self.checkNotDefaultExchange(source)
        let binding = Binding(source: source, destination: .exchange(destination), routingKey: routingKey, arguments: arguments)
        guard let sourceExchange = exchanges[source], sourceExchange.bindings.contains(binding) else { return }
        remove(binding, from: sourceExchange)
    }

    private func sourceExchange(_ name: String) throws(BrokerError) -> Exchange {
        guard let exchange = exchanges[name] else { throw notFound(.exchange, name) }
        return exchange
    }

    private func add(_ binding: Binding) {
        guard let source = exchanges[binding.source], source.add(binding) else { return }
        bindingsTo[binding.destination, default: []].insert(binding)
        if isDurable(binding) { journal?.bindingAdded(binding, vhost: name) }
    }

    private func remove(_ binding: Binding, from source: Exchange) {
        guard source.remove(binding) else { return }
        forgetReverse(binding)
        journalRemoved(binding)
        autoDeleteIfUnused(source.name)
    }

    /// remove_for_destination: every binding to a deleted queue or exchange goes; their
    /// sources may auto-delete.
    func removeBindings(to destination: BindingDestination) {
        guard let bindings = bindingsTo.removeValue(forKey: destination) else { return }
        var sources: [String] = []
        for binding in bindings {
            // The journal drops bindings with their deleted end (see DurabilityJournal).
            guard let source = exchanges[binding.source], source.remove(binding) else { continue }
            sources.append(binding.source)
        }
        for source in Set(sources).sorted() { autoDeleteIfUnused(source) }
    }

    func forgetReverse(_ binding: Binding) {
        bindingsTo[binding.destination]?.remove(binding)
        if bindingsTo[binding.destination]?.isEmpty == true { bindingsTo[binding.destination] = nil }
    }

    func journalRemoved(_ binding: Binding) {
        if isDurable(binding) { journal?.bindingRemoved(binding, vhost: name) }
    }

    /// A binding survives a restart when both ends do.
    func isDurable(_ binding: Binding) -> Bool {
        guard exchanges[binding.source]?.durable == true else { return false }
        switch binding.destination {
        case .queue(let queue): return queues[queue]?.durable == true
        case .exchange(let exchange): return exchanges[exchange]?.durable == true
        }
    }
}
