import AMQP

/// Definitions import (`--definitions` at boot, POST /api/definitions): access control takes
/// users, vhosts and permissions; the model takes exchanges, queues and bindings, in that
/// order, as rabbit_definitions:apply_defs does.
extension BrokerNode {
    public func importDefinitions(_ definitions: Definitions) async throws {
        try access.importDefinitions(definitions)
        try await withModel { state in try self.applyTopology(definitions, to: state) }
    }

    /// Loop-confined.
    func applyTopology(_ definitions: Definitions, to state: BrokerState) throws(BrokerError) {
        for vhost in definitions.vhosts { state.addVirtualHost(vhost.name) }
        for exchange in definitions.exchanges {
            try state.addVirtualHost(exchange.vhost).declareExchange(
                name: exchange.name, type: exchange.type, durable: exchange.durable, autoDelete: exchange.autoDelete,
                internal: exchange.internal, arguments: exchange.arguments)
        }
        for queue in definitions.queues {
            try state.addVirtualHost(queue.vhost).declareQueue(
                name: queue.name, durable: queue.durable, exclusive: false, autoDelete: queue.autoDelete,
                arguments: queue.arguments, connection: ConnectionID(0))
        }
        for binding in definitions.bindings {
            let host = state.addVirtualHost(binding.vhost)
            switch binding.destinationType {
            case .queue:
                try host.bindQueue(
                    binding.destination, to: binding.source, routingKey: binding.routingKey, arguments: binding.arguments,
                    connection: ConnectionID(0))
            case .exchange:
                try host.bindExchange(
                    destination: binding.destination, source: binding.source, routingKey: binding.routingKey,
                    arguments: binding.arguments)
            }
        }
    }
}
