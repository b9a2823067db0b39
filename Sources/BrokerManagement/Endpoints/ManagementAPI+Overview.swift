import AMQP
import Broker
import Hummingbird

/// GET /api/overview and /api/whoami.
extension ManagementAPI {
    /// The fields rabbitmqadmin and monitoring scripts read: versions, the node, totals,
    /// exchange types and listeners. Rates are not kept (`message_stats` is empty).
    func overview(_ request: ManagementRequest) async throws -> Response {
        let visible = visibleVhosts(request.user)
        let (totals, counts) = try await model { state -> ([String: JSONValue], QueueCounts) in
            var counts = QueueCounts()
            var exchanges = 0, queues = 0, consumers = 0
            for host in state.virtualHosts.values where visible?.contains(host.name) ?? true {
                exchanges += host.exchanges.count
                queues += host.queues.count
                for queue in host.queues.values {
                    consumers += queue.consumerCount
                    counts.add(queue)
                }
            }
            return (["exchanges": .integer(Int64(exchanges)), "queues": .integer(Int64(queues)), "consumers": .integer(Int64(consumers))], counts)
        }
        let connections = try await node.connectionInfos()
        var objectTotals = totals
        objectTotals["connections"] = .integer(Int64(connections.count))
        objectTotals["channels"] = .integer(Int64(connections.reduce(0) { $0 + $1.channels }))
        var listeners: [JSONValue] = []
        if let port = node.boundPort {
            listeners.append(.object(["node": .string(nodeName), "protocol": "amqp", "ip_address": .string(node.configuration.host), "port": .integer(Int64(port))]))
        }
        listeners.append(.object(["node": .string(nodeName), "protocol": "http", "ip_address": .string(node.configuration.host), "port": .integer(Int64(managementPort))]))
        let exchangeTypes: [JSONValue] = ["direct", "fanout", "headers", "topic"].map { type in
            .object(["name": .string(type), "description": .string("AMQP \(type) exchange, as per the AMQP specification"), "enabled": true])
        }
        return JSONResponse.make(.object([
            "management_version": .string(Self.version),
            "rabbitmq_version": .string(Self.version),
            "product_name": "RabbitMQ",
            "product_version": .string(Self.version),
            "cluster_name": .string(nodeName),
            "node": .string(nodeName),
            "rates_mode": "none",
            "disable_stats": false,
            "enable_queue_totals": false,
            "exchange_types": .array(exchangeTypes),
            "object_totals": .object(objectTotals),
            "queue_totals": .object(counts.json),
            "message_stats": .object([:]),
            "listeners": .array(listeners),
            "contexts": .array([.object(["node": .string(nodeName), "description": "RabbitMQ Management", "path": "/", "port": .string(String(managementPort))])]),
            "statistics_db_event_queue": 0,
        ]))
    }

    func whoami(_ request: ManagementRequest) async throws -> Response {
        JSONResponse.make(.object(["name": .string(request.user.name), "tags": .array(request.user.tags.map { .string($0.rawValue) })]))
    }
}
