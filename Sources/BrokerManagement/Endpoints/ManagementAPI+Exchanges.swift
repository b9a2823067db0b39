import AMQP
import Broker
import Hummingbird

/// /api/exchanges. Declares and deletes go through the user's AMQP permissions, in the order
/// rabbit_channel checks them, and answer as direct_request maps the channel's errors.
extension ManagementAPI {
    func listExchanges(_ request: ManagementRequest) async throws -> Response {
        let vhosts = try vhostsToList(request)
        let items = try await model { state in
            state.virtualHosts.values.filter { vhosts?.contains($0.name) ?? true }.sorted { $0.name < $1.name }.flatMap { host in
                host.exchanges.values.sorted { $0.name < $1.name }.map { ManagementJSON.exchange($0, vhost: host.name) }
            }
        }
        return JSONResponse.make(.array(items))
    }

    func getExchange(_ request: ManagementRequest) async throws -> Response {
        let (vhost, name) = (request.parameter("vhost"), exchangeName(request.parameter("exchange")))
        let item = try await model { state -> JSONValue? in
            guard let exchange = state.virtualHost(named: vhost)?.exchange(named: name) else { return nil }
            guard case .object(var members) = ManagementJSON.exchange(exchange, vhost: vhost) else { return nil }
            members["incoming"] = .array([])
            members["outgoing"] = .array([])
            return .object(members)
        }
        guard let item else { throw ManagementError.objectNotFound }
        return JSONResponse.make(item)
    }

    /// PUT: `type` (default `direct`), `durable`, `auto_delete`, `internal` (default false)
    /// and `arguments`, as the exchange.declare record's defaults.
    func putExchange(_ request: ManagementRequest) async throws -> Response {
        let vhost = try existingVhost(request)
        let name = exchangeName(request.parameter("exchange")).strippingCRLF
        let body = try request.json()
        let type = try body.string("type") ?? "direct"
        let durable = try body.bool("durable") ?? false
        let autoDelete = try body.bool("auto_delete") ?? false
        let isInternal = try body.bool("internal") ?? false
        let arguments = try body.table("arguments")
        let (access, user) = (access, request.user.name)
        let created = try await directRequest {
            try await model { state -> Bool in
                guard let host = state.virtualHost(named: vhost) else { throw BrokerError.notFound("vhost_not_found") }
                _ = try ExchangeType.parse(type)
                let exists = host.exchange(named: name) != nil
                try access.checkExchangeDeclare(
                    user: user, vhost: vhost, exchange: name, passive: false, exists: exists,
                    alternateExchange: arguments["alternate-exchange"]?.stringValue)
                try host.declareExchange(name: name, type: type, durable: durable, autoDelete: autoDelete, internal: isInternal, arguments: arguments)
                return !exists
            }
        }
        return JSONResponse.created(created)
    }

    /// DELETE, with `?if-unused=true`.
    func deleteExchange(_ request: ManagementRequest) async throws -> Response {
        let (vhost, name) = (request.parameter("vhost"), exchangeName(request.parameter("exchange")))
        let ifUnused = request.flag("if-unused")
        let (access, user) = (access, request.user.name)
        let found = try await directRequest {
            try await model { state -> Bool in
                guard let host = state.virtualHost(named: vhost), host.exchange(named: name) != nil else { return false }
                try access.checkExchangeDelete(user: user, vhost: vhost, exchange: name)
                try host.deleteExchange(name: name, ifUnused: ifUnused)
                return true
            }
        }
        guard found else { throw ManagementError.objectNotFound }
        return JSONResponse.noContent
    }

    /// Runs a change as direct_request does: the broker's refusals become HTTP errors.
    func directRequest<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as BrokerError {
            throw ManagementError.fromDirectRequest(error)
        }
    }
}
