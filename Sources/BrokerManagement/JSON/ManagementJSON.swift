import AMQP
import Broker

/// The JSON shapes of RabbitMQ 3.10's management API (rabbit_mgmt_format), with the fields
/// clients read. Rendering of exchanges and queues happens on the model's loop.
enum ManagementJSON {
    static func user(_ user: User) -> JSONValue {
        .object([
            "name": .string(user.name),
            "password_hash": .string(user.passwordHash?.base64 ?? ""),
            "hashing_algorithm": .string((user.passwordHash?.algorithm ?? .sha256).rawValue),
            "tags": .array(user.tags.map { .string($0.rawValue) }),
            "limits": .object([:]),
        ])
    }

    static func vhost(_ vhost: VhostRecord, node: String, counts: QueueCounts?) -> JSONValue {
        var members: [String: JSONValue] = [
            "name": .string(vhost.name),
            "description": .string(vhost.description),
            "tags": .array(vhost.tags.map(JSONValue.string)),
            "default_queue_type": "undefined",
            "metadata": .object(["description": .string(vhost.description), "tags": .array(vhost.tags.map(JSONValue.string))]),
            "tracing": false,
            "cluster_state": .object([node: "running"]),
        ]
        if let counts { members.merge(counts.json) { $1 } }
        return .object(members)
    }

    static func permission(_ permission: UserPermission) -> JSONValue {
        .object([
            "user": .string(permission.user), "vhost": .string(permission.vhost),
            "configure": .string(permission.configure), "write": .string(permission.write), "read": .string(permission.read),
        ])
    }

    static func topicPermission(_ permission: TopicPermission) -> JSONValue {
        .object([
            "user": .string(permission.user), "vhost": .string(permission.vhost), "exchange": .string(permission.exchange),
            "write": .string(permission.write), "read": .string(permission.read),
        ])
    }

    static func exchange(_ exchange: Exchange, vhost: String) -> JSONValue {
        .object([
            "name": .string(exchange.name),
            "vhost": .string(vhost),
            "type": .string(exchange.type.rawValue),
            "durable": .bool(exchange.durable),
            "auto_delete": .bool(exchange.autoDelete),
            "internal": .bool(exchange.internal),
            "arguments": .object(exchange.arguments),
        ])
    }

    static func queue(_ queue: Queue, vhost: String, node: String) -> JSONValue {
        let ready = queue.messageCount
        let unacked = queue.unackedCount
        return .object([
            "name": .string(queue.name),
            "vhost": .string(vhost),
            "durable": .bool(queue.durable),
            "auto_delete": .bool(queue.autoDelete),
            "exclusive": .bool(queue.exclusiveOwner != nil),
            "arguments": .object(queue.arguments),
            "node": .string(node),
            "type": "classic",
            "state": "running",
            "messages": .integer(Int64(ready + unacked)),
            "messages_ready": .integer(Int64(ready)),
            "messages_unacknowledged": .integer(Int64(unacked)),
            "message_bytes_ready": .integer(Int64(queue.readyBytes)),
            "consumers": .integer(Int64(queue.consumerCount)),
            "policy": .null,
            "exclusive_consumer_tag": .null,
        ])
    }

    /// A binding; `source` is `""` for the default exchange's implicit bindings.
    static func binding(vhost: String, source: String, destination: BindingDestination, routingKey: String, arguments: FieldTable) -> JSONValue {
        .object([
            "source": .string(source),
            "vhost": .string(vhost),
            "destination": .string(destination.name),
            "destination_type": .string(destination.kind.rawValue),
            "routing_key": .string(routingKey),
            "arguments": .object(arguments),
            "properties_key": .string(PropertiesKey.make(routingKey: routingKey, arguments: arguments)),
        ])
    }

    static func binding(_ binding: Binding, vhost: String) -> JSONValue {
        self.binding(vhost: vhost, source: binding.source, destination: binding.destination, routingKey: binding.routingKey, arguments: binding.arguments)
    }
}

/// Message counts summed over queues, as overview and vhost listings show them.
struct QueueCounts: Sendable {
    var ready = 0
    var unacknowledged = 0

    mutating func add(_ queue: Queue) {
        ready += queue.messageCount
        unacknowledged += queue.unackedCount
    }

    var json: [String: JSONValue] {
        [
            "messages": .integer(Int64(ready + unacknowledged)),
            "messages_ready": .integer(Int64(ready)),
            "messages_unacknowledged": .integer(Int64(unacknowledged)),
        ]
    }
}
