import Broker
import Hummingbird

/// /api/vhosts. Access control keeps the vhost record, the model its exchanges and queues;
/// both are created and deleted together.
extension ManagementAPI {
    func listVhosts(_ request: ManagementRequest) async throws -> Response {
        let visible = visibleVhosts(request.user)
        let records = access.snapshot.vhosts.values.filter { visible?.contains($0.name) ?? true }.sorted { $0.name < $1.name }
        let counts = try await vhostCounts()
        return JSONResponse.make(.array(records.map { ManagementJSON.vhost($0, node: nodeName, counts: counts[$0.name] ?? QueueCounts()) }))
    }

    func getVhost(_ request: ManagementRequest) async throws -> Response {
        guard let record = access.vhost(named: request.parameter("vhost")) else { throw ManagementError.objectNotFound }
        let counts = try await vhostCounts()
        return JSONResponse.make(ManagementJSON.vhost(record, node: nodeName, counts: counts[record.name] ?? QueueCounts()))
    }

    /// PUT: optional `description` and `tags` (list or comma-separated). A new vhost gets its
    /// built-in exchanges, and its creator full permissions in it (rabbitmq-management#444).
    func putVhost(_ request: ManagementRequest) async throws -> Response {
        let name = request.parameter("vhost")
        let body = try request.json()
        let description = try body.string("description")
        let tags = try body.tags("tags")
        let existing = access.vhost(named: name)
        var record = existing ?? VhostRecord(name: name)
        if let description { record.description = description }
        if let tags { record.tags = tags }
        access.putVhost(record)
        try await model { state in _ = state.addVirtualHost(name) }
        if existing == nil {
            try access.setPermission(UserPermission(user: request.user.name, vhost: name, configure: ".*", write: ".*", read: ".*"))
        }
        return JSONResponse.created(existing == nil)
    }

    /// DELETE: the vhost, its permissions, and everything in it.
    func deleteVhost(_ request: ManagementRequest) async throws -> Response {
        let name = request.parameter("vhost")
        do {
            try access.deleteVhost(name)
        } catch {
            throw ManagementError.objectNotFound
        }
        try await model { state in state.deleteVirtualHost(name) }
        return JSONResponse.noContent
    }

    func vhostPermissions(_ request: ManagementRequest) async throws -> Response {
        let name = request.parameter("vhost")
        guard access.vhostExists(name) else { throw ManagementError.objectNotFound }
        return JSONResponse.make(.array(access.snapshot.permissions.filter { $0.vhost == name }.map(ManagementJSON.permission)))
    }

    func vhostTopicPermissions(_ request: ManagementRequest) async throws -> Response {
        let name = request.parameter("vhost")
        guard access.vhostExists(name) else { throw ManagementError.objectNotFound }
        return JSONResponse.make(.array(access.snapshot.topicPermissions.filter { $0.vhost == name }.map(ManagementJSON.topicPermission)))
    }

    private func vhostCounts() async throws -> [String: QueueCounts] {
        try await model { state in
            state.virtualHosts.mapValues { host in
                var counts = QueueCounts()
                for queue in host.queues.values { counts.add(queue) }
                return counts
            }
        }
    }
}
