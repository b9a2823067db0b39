import AMQP
import Broker
import Hummingbird

/// /api/bindings. Listings include the default exchange's implicit binding to every queue,
/// as RabbitMQ's do. A binding between two ends is named by its `properties_key`.
extension ManagementAPI {
    func listBindings(_ request: ManagementRequest) async throws -> Response {
        let vhosts = try vhostsToList(request)
        let items = try await model { state in
            state.virtualHosts.values.filter { vhosts?.contains($0.name) ?? true }.sorted { $0.name < $1.name }.flatMap { host in
                Self.bindings(of: host).map { ManagementJSON.binding($0, vhost: host.name) }
            }
        }
        return JSONResponse.make(.array(items))
    }

    /// GET /api/queues/{vhost}/{queue}/bindings.
    func queueBindings(_ request: ManagementRequest) async throws -> Response {
        try await bindingsMatching(request, mustExist: .queue(request.parameter("queue"))) { $0.destination == .queue(request.parameter("queue")) }
    }

    /// GET /api/exchanges/{vhost}/{exchange}/bindings/source.
    func exchangeSourceBindings(_ request: ManagementRequest) async throws -> Response {
        let name = exchangeName(request.parameter("exchange"))
        return try await bindingsMatching(request, mustExist: .exchange(name)) { $0.source == name }
    }

    /// GET /api/exchanges/{vhost}/{exchange}/bindings/destination.
    func exchangeDestinationBindings(_ request: ManagementRequest) async throws -> Response {
        let name = exchangeName(request.parameter("exchange"))
        return try await bindingsMatching(request, mustExist: .exchange(name)) { $0.destination == .exchange(name) }
    }

    /// GET /api/bindings/{vhost}/e/{source}/{q|e}/{destination}: 404 unless both ends exist.
    func listBindingsBetween(_ request: ManagementRequest) async throws -> Response {
        let (source, destination) = ends(request)
        return try await bindingsMatching(request, mustExist: .exchange(source), destination) {
            $0.source == source && $0.destination == destination
        }
    }

    /// POST: `routing_key` and `arguments`, both optional. 201 with `Location` naming the new
    /// binding relative to this path (destination and properties key, quoted).
    func createBinding(_ request: ManagementRequest) async throws -> Response {
        let vhost = try existingVhost(request)
        let (source, destination) = ends(request)
        let body = try request.json()
        let routingKey = try body.string("routing_key") ?? ""
        let arguments = try body.table("arguments")
        let (access, user) = (access, request.user.name)
        try await directRequest {
            try await model { state in
                guard let host = state.virtualHost(named: vhost) else { throw BrokerError.notFound("vhost_not_found") }
                try Self.checkBind(access, user: user, host: host, source: source, destination: destination, routingKey: routingKey)
                switch destination {
                case .queue(let queue):
                    let owner = host.queue(named: queue)?.exclusiveOwner ?? Self.noConnection
                    try host.bindQueue(queue, to: source, routingKey: routingKey, arguments: arguments, connection: owner)
                case .exchange(let exchange):
                    try host.bindExchange(destination: exchange, source: source, routingKey: routingKey, arguments: arguments)
                }
            }
        }
        let location = PercentEncoding.quotePlus(destination.name) + "/"
            + PercentEncoding.quotePlus(PropertiesKey.make(routingKey: routingKey, arguments: arguments))
        return Response(status: .created, headers: [.location: location])
    }

    /// GET …/{props}: the one binding with that properties key.
    func getBinding(_ request: ManagementRequest) async throws -> Response {
        let vhost = request.parameter("vhost")
        guard let binding = try await findBinding(request) else { throw ManagementError.objectNotFound }
        return JSONResponse.make(ManagementJSON.binding(binding, vhost: vhost))
    }

    /// DELETE …/{props}: unbind, with the permissions of queue.unbind / exchange.unbind.
    func deleteBinding(_ request: ManagementRequest) async throws -> Response {
        guard let binding = try await findBinding(request) else { throw ManagementError.objectNotFound }
        let vhost = request.parameter("vhost")
        let (access, user) = (access, request.user.name)
        try await directRequest {
            try await model { state in
                guard let host = state.virtualHost(named: vhost) else { return }
                try Self.checkBind(
                    access, user: user, host: host, source: binding.source, destination: binding.destination, routingKey: binding.routingKey)
                switch binding.destination {
                case .queue(let queue):
                    let owner = host.queue(named: queue)?.exclusiveOwner ?? Self.noConnection
                    try host.unbindQueue(queue, from: binding.source, routingKey: binding.routingKey, arguments: binding.arguments, connection: owner)
                case .exchange(let exchange):
                    try host.unbindExchange(destination: exchange, source: binding.source, routingKey: binding.routingKey, arguments: binding.arguments)
                }
            }
        }
        return JSONResponse.noContent
    }

    // MARK: Helpers

    /// Every binding of the vhost, implicit default-exchange bindings first, then by source,
    /// destination kind, destination and key (the oracle's order).
    static func bindings(of host: VirtualHost) -> [Binding] {
        let implicit = host.queues.keys.sorted().map { Binding(source: "", destination: .queue($0), routingKey: $0) }
        let explicit = host.bindings.sorted {
            ($0.source, $0.destination.kind.rawValue, $0.destination.name, $0.routingKey, PropertiesKey.make(routingKey: $0.routingKey, arguments: $0.arguments))
                < ($1.source, $1.destination.kind.rawValue, $1.destination.name, $1.routingKey, PropertiesKey.make(routingKey: $1.routingKey, arguments: $1.arguments))
        }
        return implicit + explicit
    }

    /// binding_action's permission checks; the source's type decides the topic check.
    static func checkBind(
        _ access: AccessControl, user: String, host: VirtualHost, source: String, destination: BindingDestination, routingKey: String
    ) throws(BrokerError) {
        try access.checkBind(
            user: user, vhost: host.name, source: source, destination: destination.name,
            destinationKind: destination.kind == .queue ? .queue : .exchange, routingKey: routingKey,
            sourceIsTopic: host.exchange(named: source)?.type == .topic)
    }

    private func ends(_ request: ManagementRequest) -> (source: String, destination: BindingDestination) {
        let destination = request.parameter("destination")
        let source = exchangeName(request.parameter("source"))
        let isQueue = request.parameter("kind") == "q"
        return (source, isQueue ? .queue(destination) : .exchange(exchangeName(destination)))
    }

    private func findBinding(_ request: ManagementRequest) async throws -> Binding? {
        let vhost = request.parameter("vhost")
        let (source, destination) = ends(request)
        let key = request.parameter("props")
        return try await model { state -> Binding? in
            guard let host = state.virtualHost(named: vhost) else { return nil }
            return Self.bindings(of: host).first {
                $0.source == source && $0.destination == destination && PropertiesKey.make(routingKey: $0.routingKey, arguments: $0.arguments) == key
            }
        }
    }

    private func bindingsMatching(
        _ request: ManagementRequest, mustExist required: BindingDestination..., where predicate: @escaping @Sendable (Binding) -> Bool
    ) async throws -> Response {
        let vhost = request.parameter("vhost")
        let items = try await model { state -> [JSONValue]? in
            guard let host = state.virtualHost(named: vhost) else { return nil }
            for end in required {
                switch end {
                case .queue(let name): if host.queue(named: name) == nil { return nil }
                case .exchange(let name): if host.exchange(named: name) == nil { return nil }
                }
            }
            return Self.bindings(of: host).filter(predicate).map { ManagementJSON.binding($0, vhost: vhost) }
        }
        guard let items else { throw ManagementError.objectNotFound }
        return JSONResponse.make(.array(items))
    }
}
