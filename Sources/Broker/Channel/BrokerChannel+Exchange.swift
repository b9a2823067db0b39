import AMQP

/// exchange.declare / delete / bind / unbind with rabbit_channel's checks in its order.
extension BrokerChannel {
    func handleExchange(_ method: ExchangeMethod) throws(BrokerError) {
        let vhostName = vhost.name
        let userName = user.name
        switch method {
        case .declare(let d):
            let name = d.exchange.strippingCRLF
            if d.passive {
                try access.checkExchangeDeclare(user: userName, vhost: vhostName, exchange: name, passive: true, exists: true)
                try vhost.declareExchangePassive(name: name)
            } else {
                // Unknown type first (503), then the default exchange and configure; the
                // model does equivalence, the reserved prefix and the alternate exchange,
                // calling back for its permission checks.
                _ = try ExchangeType.parse(d.type)
                try access.checkExchangeDeclare(user: userName, vhost: vhostName, exchange: name, passive: false, exists: true)
                let access = self.access
                try vhost.declareExchange(
                    name: name, type: d.type, durable: d.durable, autoDelete: d.autoDelete, internal: d.internal,
                    arguments: d.arguments,
                    authorizeAlternateExchange: { (alternate: String) throws(BrokerError) in
                        try access.checkResourceAccess(user: userName, vhost: vhostName, kind: .exchange, name: name, access: .read)
                        try access.checkResourceAccess(user: userName, vhost: vhostName, kind: .exchange, name: alternate, access: .write)
                    })
            }
            if !d.noWait { send(.exchange(.declareOk)) }
        case .delete(let d):
            let name = d.exchange.strippingCRLF
            try access.checkExchangeDelete(user: userName, vhost: vhostName, exchange: name)
            try vhost.deleteExchange(name: name, ifUnused: d.ifUnused)
            if !d.noWait { send(.exchange(.deleteOk)) }
        case .bind(let b):
            let (destination, source) = (b.destination.strippingCRLF, b.source.strippingCRLF)
            try checkBind(source: source, destination: destination, kind: .exchange, routingKey: b.routingKey)
            try vhost.bindExchange(destination: destination, source: source, routingKey: b.routingKey, arguments: b.arguments)
            if !b.noWait { send(.exchange(.bindOk)) }
        case .unbind(let b):
            let (destination, source) = (b.destination.strippingCRLF, b.source.strippingCRLF)
            try checkBind(source: source, destination: destination, kind: .exchange, routingKey: b.routingKey)
            try vhost.unbindExchange(destination: destination, source: source, routingKey: b.routingKey, arguments: b.arguments)
            if !b.noWait { send(.exchange(.unbindOk)) }
        default:
            throw BrokerError(code: .commandInvalid, text: "unimplemented method")
        }
    }

    /// binding_action's checks: write on the destination, read on the source, topic read on
    /// the key when the source is a topic exchange.
    func checkBind(source: String, destination: String, kind: AccessResourceKind, routingKey: String) throws(BrokerError) {
        try access.checkBind(
            user: user.name, vhost: vhost.name, source: source, destination: destination, destinationKind: kind,
            routingKey: routingKey, sourceIsTopic: vhost.exchange(named: source)?.type == .topic)
    }
}
