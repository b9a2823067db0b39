import AMQP
import NIOCore

/// What the management API (and tests) may do from any thread: each method hops onto the
/// node's loop, works on the model there, and returns values.
extension BrokerNode {
    /// Runs `body` on the loop with the model; the general seam the typed methods use.
    public func withModel<T: Sendable>(_ body: @escaping @Sendable (BrokerState) throws -> T) async throws -> T {
        try await loop.submit {
            defer { self.modelChanged() }
            return try body(self.state)
        }.get()
    }

    private func host(_ state: BrokerState, _ vhost: String) throws(BrokerError) -> VirtualHost {
        guard let host = state.virtualHost(named: vhost) else {
            throw BrokerError(code: .notFound, text: "no vhost '\(vhost)'")
        }
        return host
    }

    // MARK: Exchanges

    public func exchanges(vhost: String? = nil) async throws -> [ExchangeInfo] {
        try await withModel { state in
            state.virtualHosts.values.filter { vhost == nil || $0.name == vhost }.flatMap { host in
                host.exchanges.values.map { ExchangeInfo(vhost: host.name, definition: $0.definition) }
            }.sorted { ($0.vhost, $0.definition.name) < ($1.vhost, $1.definition.name) }
        }
    }

    public func declareExchange(vhost: String, name: String, type: String, durable: Bool, autoDelete: Bool, internal: Bool, arguments: FieldTable) async throws {
        try await withModel { state in
            _ = try self.host(state, vhost).declareExchange(
                name: name, type: type, durable: durable, autoDelete: autoDelete, internal: `internal`, arguments: arguments)
        }
    }

    public func deleteExchange(vhost: String, name: String, ifUnused: Bool = false) async throws {
        try await withModel { state in try self.host(state, vhost).deleteExchange(name: name, ifUnused: ifUnused) }
    }

    // MARK: Queues

    public func queues(vhost: String? = nil) async throws -> [QueueInfo] {
        try await withModel { state in
            state.virtualHosts.values.filter { vhost == nil || $0.name == vhost }.flatMap { host in
                host.queues.values.map { QueueInfo(vhost: host.name, queue: $0) }
            }.sorted { ($0.vhost, $0.name) < ($1.vhost, $1.name) }
        }
    }

    @discardableResult
    public func declareQueue(vhost: String, name: String, durable: Bool, autoDelete: Bool, arguments: FieldTable) async throws -> QueueDeclareResult {
        try await withModel { state in
            // Not exclusive: an HTTP request owns no connection.
            try self.host(state, vhost).declareQueue(
                name: name, durable: durable, exclusive: false, autoDelete: autoDelete, arguments: arguments,
                connection: ConnectionID(0))
        }
    }

    /// Returns the number of ready messages the queue had.
    @discardableResult
    public func deleteQueue(vhost: String, name: String, ifUnused: Bool = false, ifEmpty: Bool = false) async throws -> Int {
        try await withModel { state in
            let host = try self.host(state, vhost)
            // The management API may delete exclusive queues too.
            let owner = host.queue(named: name)?.exclusiveOwner ?? ConnectionID(0)
            return try host.deleteQueue(name: name, ifUnused: ifUnused, ifEmpty: ifEmpty, connection: owner)
        }
    }

    @discardableResult
    public func purgeQueue(vhost: String, name: String) async throws -> Int {
        try await withModel { state in
            let host = try self.host(state, vhost)
            let owner = host.queue(named: name)?.exclusiveOwner ?? ConnectionID(0)
            return try host.purgeQueue(name: name, connection: owner)
        }
    }

    // MARK: Bindings

    public func bindings(vhost: String? = nil) async throws -> [BindingInfo] {
        try await withModel { state in
            state.virtualHosts.values.filter { vhost == nil || $0.name == vhost }.flatMap { host in
                host.bindings.map { BindingInfo(vhost: host.name, binding: $0) }
            }
        }
    }

    public func bind(vhost: String, source: String, destination: BindingDestination, routingKey: String, arguments: FieldTable) async throws {
        try await withModel { state in
            let host = try self.host(state, vhost)
            switch destination {
            case .queue(let queue):
                let owner = host.queue(named: queue)?.exclusiveOwner ?? ConnectionID(0)
                try host.bindQueue(queue, to: source, routingKey: routingKey, arguments: arguments, connection: owner)
            case .exchange(let exchange):
                try host.bindExchange(destination: exchange, source: source, routingKey: routingKey, arguments: arguments)
            }
        }
    }

    public func unbind(vhost: String, source: String, destination: BindingDestination, routingKey: String, arguments: FieldTable) async throws {
        try await withModel { state in
            let host = try self.host(state, vhost)
            switch destination {
            case .queue(let queue):
                let owner = host.queue(named: queue)?.exclusiveOwner ?? ConnectionID(0)
                try host.unbindQueue(queue, from: source, routingKey: routingKey, arguments: arguments, connection: owner)
            case .exchange(let exchange):
                try host.unbindExchange(destination: exchange, source: source, routingKey: routingKey, arguments: arguments)
            }
        }
    }

    // MARK: Messages

    /// POST /api/exchanges/…/publish: routes the message; returns whether any queue took it.
    public func publish(vhost: String, exchange: String, routingKey: String, properties: BasicProperties, body: ByteBuffer) async throws -> PublishResult {
        try await withModel { state in
            let host = try self.host(state, vhost)
            let message = try Message(publishedTo: exchange, routingKey: routingKey, properties: properties, body: body)
            return try host.publish(message)
        }
    }

    /// POST /api/queues/…/get: takes up to `count` messages; with `requeue` they go back
    /// (marked redelivered), as `ackmode=ack_requeue_true` does.
    public func get(vhost: String, queue: String, count: Int, requeue: Bool) async throws -> [GotMessage] {
        try await withModel { state in
            let host = try self.host(state, vhost)
            let owner = host.queue(named: queue)?.exclusiveOwner ?? ConnectionID(0)
            let channel = ConsumerChannel(connection: owner, vhost: host, sink: nil)
            var got: [GotMessage] = []
            while got.count < count, let (delivery, remaining) = try host.get(queue: queue, on: channel, noAck: false) {
                got.append(GotMessage(delivery: delivery, messageCountAfter: remaining))
            }
            if requeue { channel.recover() } else { try channel.ack(deliveryTag: 0, multiple: true) }
            channel.close()
            return got
        }
    }

    // MARK: Connections and alarms

    public func connectionInfos() async throws -> [ConnectionInfo] {
        try await loop.submit {
            self.connections.values.map(ConnectionInfo.init).sorted { $0.id.rawValue < $1.id.rawValue }
        }.get()
    }

    /// Closes a client connection with 320 CONNECTION_FORCED, as the management API's DELETE
    /// /api/connections/{name} does.
    public func closeConnection(_ id: ConnectionID, reason: String = "Closed via management plugin") async throws {
        try await loop.submit {
            self.connections[id]?.connectionError(.rabbit(.connectionForced, reason))
        }.get()
    }

    public func setAlarm(_ alarm: ResourceAlarm, raised: Bool) async throws {
        try await loop.submit { self.changeAlarm(alarm, raised: raised) }.get()
    }
}
