import AMQP

extension VirtualHost {
    /// exchange.declare (passive=false). Returns the exchange, new or existing.
    ///
    /// Order as rabbit_channel: unknown type (503, connection-level) → default exchange (403)
    /// → [channel: configure permission] → if it exists, equivalence of type, durable,
    /// auto_delete, internal and `alternate-exchange` (406); if not, reserved `amq.` name
    /// (403), then an `alternate-exchange` that is not a long string (406) or, when it is,
    /// `authorizeAlternateExchange(name)` (the channel's read-on-new / write-on-AE checks).
    @discardableResult
    public func declareExchange(
        name: String, type typeName: String, durable: Bool, autoDelete: Bool, internal: Bool, arguments: FieldTable,
        authorizeAlternateExchange: (String) throws(BrokerError) -> Void = { _ in }
    ) throws(BrokerError) -> Exchange {
        let type = try ExchangeType.parse(typeName)
        try Self.checkNotDefaultExchange(name)
        if let existing = exchanges[name] {
            let resource = describe(.exchange, name)
            try Equivalence.field("type", current: existing.type.rawValue, received: type.rawValue, resource: resource)
            try Equivalence.field("durable", current: existing.durable, received: durable, resource: resource)
            try Equivalence.field("auto_delete", current: existing.autoDelete, received: autoDelete, resource: resource)
            try Equivalence.field("internal", current: existing.internal, received: `internal`, resource: resource)
            try Equivalence.arguments(
                current: existing.arguments, received: arguments, keys: ["alternate-exchange"], resource: resource)
            return existing
        }
        try Self.checkReservedName(.exchange, name)
        if let alternate = arguments["alternate-exchange"] {
            guard case .longString(let bytes) = alternate else {
                throw .preconditionFailed(
                    "invalid type '\(ErlangTerm.typeName(alternate))' for arg 'alternate-exchange' in \(describe(.exchange, name))")
            }
            try authorizeAlternateExchange(String(decoding: bytes, as: UTF8.self))
        }
        let exchange = Exchange(name: name, type: type, durable: durable, autoDelete: autoDelete, internal: `internal`, arguments: arguments)
        exchanges[name] = exchange
        if durable { journal?.exchangeDeclared(exchange.definition, vhost: self.name) }
        return exchange
    }

    /// exchange.declare (passive=true): 403 for `""`, 404 when absent.
    @discardableResult
    public func declareExchangePassive(name: String) throws(BrokerError) -> Exchange {
        try Self.checkNotDefaultExchange(name)
        guard let exchange = exchanges[name] else { throw notFound(.exchange, name) }
        return exchange
    }

    /// exchange.delete. 403 for `""` and any `amq.` name; an absent exchange is fine; with
    /// `ifUnused`, 406 while it is the source of a binding. Its bindings go with it, and
    /// auto-delete exchanges that lose their last binding to it are deleted in turn.
    public func deleteExchange(name: String, ifUnused: Bool) throws(BrokerError) {
        try Self.checkNotDefaultExchange(name)
        if name.hasPrefix("amq.") {
            throw .accessRefused("deletion of system \(describe(.exchange, name)) not allowed")
        }
        guard let exchange = exchanges[name] else { return }
        if ifUnused, !exchange.bindings.isEmpty { throw .preconditionFailed("\(describe(.exchange, name)) in use") }
        removeExchange(exchange)
    }

    /// internal_delete: drops the exchange, the bindings it is the source of, and the
    /// bindings to it (whose sources may auto-delete).
    func removeExchange(_ exchange: Exchange) {
        guard exchanges[exchange.name] === exchange else { return }
        exchanges[exchange.name] = nil
        for binding in exchange.bindings {
            exchange.remove(binding)
            forgetReverse(binding)
        }
        if exchange.durable { journal?.exchangeDeleted(exchange.name, vhost: name) }
        removeBindings(to: .exchange(exchange.name))
    }

    /// maybe_auto_delete: an auto-delete exchange goes when its last source binding does.
    func autoDeleteIfUnused(_ exchangeName: String) {
        guard let exchange = exchanges[exchangeName], exchange.autoDelete, exchange.bindings.isEmpty else { return }
        removeExchange(exchange)
    }
}
