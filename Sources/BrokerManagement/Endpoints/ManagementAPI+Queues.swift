import AMQP
import Broker
import Hummingbird

/// /api/queues: listings with message and consumer counts, declare, delete, purge.
/// An HTTP request owns no AMQP connection; like RabbitMQ's API it may delete and purge
/// another connection's exclusive queue.
extension ManagementAPI {
    func listQueues(_ request: ManagementRequest) async throws -> Response {
        let vhosts = try vhostsToList(request)
        let node = nodeName
        let items = try await model { state in
            state.virtualHosts.values.filter { vhosts?.contains($0.name) ?? true }.sorted { $0.name < $1.name }.flatMap { host in
                host.queues.values.sorted { $0.name < $1.name }.map { ManagementJSON.queue($0, vhost: host.name, node: node) }
            }
        }
        return JSONResponse.make(.array(items))
    }

    func getQueue(_ request: ManagementRequest) async throws -> Response {
        let (vhost, name, node) = (request.parameter("vhost"), request.parameter("queue"), nodeName)
        let item = try await model { state -> JSONValue? in
            guard let queue = state.virtualHost(named: vhost)?.queue(named: name) else { return nil }
            guard case .object(var members) = ManagementJSON.queue(queue, vhost: vhost, node: node) else { return nil }
            members["consumer_details"] = .array(queue.consumerTags.sorted().map { .object(["consumer_tag": .string($0)]) })
            members["deliveries"] = .array([])
            members["incoming"] = .array([])
            return .object(members)
        }
        guard let item else { throw ManagementError.objectNotFound }
        return JSONResponse.make(item)
    }

    /// PUT: `durable`, `auto_delete` (default false) and `arguments`; never exclusive.
    func putQueue(_ request: ManagementRequest) async throws -> Response {
        let vhost = try existingVhost(request)
        let name = request.parameter("queue").strippingCRLF
        let body = try request.json()
        let durable = try body.bool("durable") ?? false
        let autoDelete = try body.bool("auto_delete") ?? false
        let arguments = try body.table("arguments")
        let (access, user) = (access, request.user.name)
        let created = try await directRequest {
            try await model { state -> Bool in
                guard let host = state.virtualHost(named: vhost) else { throw BrokerError.notFound("vhost_not_found") }
                let exists = host.queue(named: name) != nil
                try access.checkQueueDeclare(
                    user: user, vhost: vhost, queue: name, passive: false, exists: exists,
                    deadLetterExchange: arguments["x-dead-letter-exchange"]?.stringValue)
                let owner = host.queue(named: name)?.exclusiveOwner ?? Self.noConnection
                return try host.declareQueue(
                    name: name, durable: durable, exclusive: false, autoDelete: autoDelete, arguments: arguments, connection: owner
                ).created
            }
        }
        return JSONResponse.created(created)
    }

    /// DELETE, with `?if-empty=true` and `?if-unused=true`.
    func deleteQueue(_ request: ManagementRequest) async throws -> Response {
        let (vhost, name) = (request.parameter("vhost"), request.parameter("queue"))
        let (ifEmpty, ifUnused) = (request.flag("if-empty"), request.flag("if-unused"))
        let (access, user) = (access, request.user.name)
        let found = try await directRequest {
            try await model { state -> Bool in
                guard let host = state.virtualHost(named: vhost), let queue = host.queue(named: name) else { return false }
                try access.checkQueueDelete(user: user, vhost: vhost, queue: name)
                try host.deleteQueue(name: name, ifUnused: ifUnused, ifEmpty: ifEmpty, connection: queue.exclusiveOwner ?? Self.noConnection)
                return true
            }
        }
        guard found else { throw ManagementError.objectNotFound }
        return JSONResponse.noContent
    }

    /// DELETE …/contents: purge.
    func purgeQueue(_ request: ManagementRequest) async throws -> Response {
        let (vhost, name) = (request.parameter("vhost"), request.parameter("queue"))
        let (access, user) = (access, request.user.name)
        let found = try await directRequest {
            try await model { state -> Bool in
                guard let host = state.virtualHost(named: vhost), let queue = host.queue(named: name) else { return false }
                try access.checkQueuePurge(user: user, vhost: vhost, queue: name)
                _ = try host.purgeQueue(name: name, connection: queue.exclusiveOwner ?? Self.noConnection)
                return true
            }
        }
        guard found else { throw ManagementError.objectNotFound }
        return JSONResponse.noContent
    }

    /// The connection an HTTP request acts as: none of the clients' (ids start at 1).
    static let noConnection = ConnectionID(0)
}
