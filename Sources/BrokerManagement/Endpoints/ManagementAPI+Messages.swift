import AMQP
import Broker
import Foundation
import Hummingbird
import NIOCore

/// POST /api/exchanges/{vhost}/{exchange}/publish and POST /api/queues/{vhost}/{queue}/get:
/// for tests and debugging, as RabbitMQ offers them.
extension ManagementAPI {
    /// Body: `routing_key`, `properties`, `payload`, `payload_encoding` (`string` or
    /// `base64`), all mandatory. Answers `{"routed": bool}`. The user's write permission
    /// (and topic permission) applies, as on a channel.
    func publish(_ request: ManagementRequest) async throws -> Response {
        let vhost = try existingVhost(request)
        let exchange = exchangeName(request.parameter("exchange"))
        let body = try request.json()
        try body.require(["routing_key", "properties", "payload", "payload_encoding"])
        let routingKey = try body.string("routing_key") ?? ""
        let encoding = try body.string("payload_encoding") ?? ""
        let payload = try body.string("payload") ?? ""
        let bytes: [UInt8]
        switch encoding {
        case "string": bytes = Array(payload.utf8)
        case "base64":
            guard let data = Data(base64Encoded: payload) else { throw ManagementError.badRequest(.array(["invalid_base64", .string(payload)])) }
            bytes = Array(data)
        default: throw ManagementError.badRequest(.array(["unsupported_encoding", .string(encoding)]))
        }
        let properties = try MessageProperties.decode(body["properties"])
        let (access, user) = (access, request.user)
        do {
            let routed = try await model { state -> Bool in
                guard let host = state.virtualHost(named: vhost) else { throw BrokerError.notFound("vhost_not_found") }
                try access.checkPublish(user: user.name, vhost: vhost, exchange: exchange)
                let target = try host.exchangeForPublish(exchange)
                if target.type == .topic {
                    try access.checkPublishTopic(user: user.name, vhost: vhost, exchange: exchange, routingKey: routingKey)
                }
                try access.checkUserID(properties.userID, user: user)
                _ = try Message.parseExpiration(properties.expiration)
                let message = try Message(publishedTo: exchange, routingKey: routingKey, properties: properties, body: ByteBuffer(bytes: bytes))
                return !host.publish(message, via: target).isUnroutable
            }
            return JSONResponse.make(.object(["routed": .bool(routed)]))
        } catch let error as BrokerError {
            throw ManagementError.fromPublish(error)
        }
    }

    /// Body: `count`, `ackmode` and `encoding` mandatory, `truncate` optional. Takes up to
    /// `count` messages, then requeues them (`ack_requeue_true`, `reject_requeue_true`), acks
    /// them (`ack_requeue_false`) or rejects them without requeue, which dead-letters
    /// (`reject_requeue_false`).
    func getMessages(_ request: ManagementRequest) async throws -> Response {
        let vhost = try existingVhost(request)
        let queue = request.parameter("queue")
        let body = try request.json()
        try body.require(["count", "ackmode", "encoding"])
        let count = try body.int("count") ?? 0
        let ackMode = try body.string("ackmode") ?? ""
        guard ["ack_requeue_true", "ack_requeue_false", "reject_requeue_true", "reject_requeue_false"].contains(ackMode) else {
            throw ManagementError.badRequest(.array(["unsupported_ackmode", .string(ackMode)]))
        }
        let encoding = try body.string("encoding") ?? ""
        guard encoding == "auto" || encoding == "base64" else {
            throw ManagementError.badRequest("Unsupported encoding. Please use auto or base64.")
        }
        let truncate = try body.int("truncate")
        let (access, user) = (access, request.user.name)
        do {
            let items = try await model { state -> [JSONValue] in
                guard let host = state.virtualHost(named: vhost) else { throw BrokerError.notFound("vhost_not_found") }
                try access.checkGet(user: user, vhost: vhost, queue: queue)
                let owner = host.queue(named: queue)?.exclusiveOwner ?? Self.noConnection
                let channel = ConsumerChannel(connection: owner, vhost: host, sink: nil)
                defer { channel.close() }
                var items: [JSONValue] = []
                while items.count < count, let (delivery, remaining) = try host.get(queue: queue, on: channel, noAck: false) {
                    items.append(Self.gotMessage(delivery, remaining: remaining, base64: encoding == "base64", truncate: truncate))
                }
                switch ackMode {
                case "ack_requeue_false": try channel.ack(deliveryTag: 0, multiple: true)
                case "reject_requeue_false": if !items.isEmpty { try channel.reject(deliveryTag: 0, multiple: true, requeue: false) }
                default: channel.recover()
                }
                return items
            }
            return JSONResponse.make(.array(items))
        } catch let error as BrokerError {
            throw ManagementError.fromChannel(error)
        }
    }

    static func gotMessage(_ delivery: Delivery, remaining: Int, base64: Bool, truncate: Int?) -> JSONValue {
        var bytes = Array(delivery.message.body.readableBytesView)
        let size = bytes.count
        if let truncate, truncate >= 0, bytes.count > truncate { bytes.removeLast(bytes.count - truncate) }
        let text = base64 ? nil : String(validating: bytes, as: UTF8.self)
        return .object([
            "payload_bytes": .integer(Int64(size)),
            "redelivered": .bool(delivery.redelivered),
            "exchange": .string(delivery.exchange),
            "routing_key": .string(delivery.routingKey),
            "message_count": .integer(Int64(remaining)),
            "properties": MessageProperties.encode(delivery.message.properties),
            "payload": .string(text ?? Data(bytes).base64EncodedString()),
            "payload_encoding": .string(text == nil ? "base64" : "string"),
        ])
    }
}
