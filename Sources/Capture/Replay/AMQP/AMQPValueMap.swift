import AMQP

/// Server-generated values of a captured AMQP connection and what the target generated in
/// their place: server-named queues (declare-ok after a declare of ""), consumer tags
/// (consume-ok after a consume without a tag) and delivery tags per channel (deliver and
/// get-ok, in order). Client commands naming a captured value are rewritten; one naming a
/// value whose replay counterpart has not arrived yet must wait (`waitingKey`).
struct AMQPValueMap {
    private var queues: [String: String] = [:]
    private var consumerTags: [String: String] = [:]
    private var deliveryTags: [UInt16: [UInt64: UInt64]] = [:]
    /// Captured values seen in a captured server command whose replay counterpart is unknown.
    private(set) var pending: Set<String> = []
    /// Captured values whose server command will never be paired (`forget`).
    private var forgotten: Set<String> = []

    /// A captured server command on replay channel `channel` announces these values.
    mutating func announce(_ method: Method, channel: UInt16) {
        for key in Self.generatedKeys(method, channel: channel) {
            pending.insert(key)
            forgotten.remove(key)  // a delivery tag counts again on a channel opened again
        }
    }

    /// The k-th captured and the k-th replayed server command on a channel: learn what one
    /// generated in place of the other.
    mutating func learn(captured: Method, replayed: Method, channel: UInt16) {
        for key in Self.generatedKeys(captured, channel: channel) { pending.remove(key) }
        switch (captured, replayed) {
        case (.queue(.declareOk(let c)), .queue(.declareOk(let r))): queues[c.queue] = r.queue
        case (.basic(.consumeOk(let c)), .basic(.consumeOk(let r))): consumerTags[c] = r
        case (.basic(.deliver(let c)), .basic(.deliver(let r))): deliveryTags[channel, default: [:]][c.deliveryTag] = r.deliveryTag
        case (.basic(.getOk(let c)), .basic(.getOk(let r))): deliveryTags[channel, default: [:]][c.deliveryTag] = r.deliveryTag
        default: break
        }
    }

    /// A captured server command that will never be paired (its channel was cut off, or the
    /// target never sent it): client commands naming its values go out with the captured ones
    /// rather than wait forever, except those naming its delivery tag (`namesForgottenDeliveryTag`).
    mutating func forget(_ method: Method, channel: UInt16) {
        for key in Self.generatedKeys(method, channel: channel) {
            pending.remove(key)
            forgotten.insert(key)
        }
    }

    /// Whether a client command acks, nacks or rejects a delivery the target never made.
    func namesForgottenDeliveryTag(_ method: Method, channel: UInt16) -> Bool {
        guard !forgotten.isEmpty else { return false }
        return Self.referencedKeys(method, channel: channel).contains { $0.hasPrefix("d:") && forgotten.contains($0) }
    }

    /// The pending value a client command names, if any: it must wait for it.
    func waitingKey(_ method: Method, channel: UInt16) -> String? {
        guard !pending.isEmpty else { return nil }
        return Self.referencedKeys(method, channel: channel).first { pending.contains($0) }
    }

    /// A client command (or a captured server command, to compare it) with the captured values
    /// replaced by the replay's.
    func rewrite(_ method: Method, channel: UInt16) -> Method {
        let q = { (name: String) in queues[name] ?? name }
        let c = { (tag: String) in consumerTags[tag] ?? tag }
        let d = { (tag: UInt64) in deliveryTags[channel]?[tag] ?? tag }
        switch method {
        case .queue(.declare(var m)): m.queue = q(m.queue); return .queue(.declare(m))
        case .queue(.declareOk(var m)): m.queue = q(m.queue); return .queue(.declareOk(m))
        case .queue(.bind(var m)): m.queue = q(m.queue); return .queue(.bind(m))
        case .queue(.unbind(var m)): m.queue = q(m.queue); return .queue(.unbind(m))
        case .queue(.purge(var m)): m.queue = q(m.queue); return .queue(.purge(m))
        case .queue(.delete(var m)): m.queue = q(m.queue); return .queue(.delete(m))
        case .basic(.consume(var m)): m.queue = q(m.queue); m.consumerTag = c(m.consumerTag); return .basic(.consume(m))
        case .basic(.consumeOk(let tag)): return .basic(.consumeOk(consumerTag: c(tag)))
        case .basic(.cancel(let tag, let noWait)): return .basic(.cancel(consumerTag: c(tag), noWait: noWait))
        case .basic(.cancelOk(let tag)): return .basic(.cancelOk(consumerTag: c(tag)))
        case .basic(.get(var m)): m.queue = q(m.queue); return .basic(.get(m))
        case .basic(.publish(var m)) where m.exchange.isEmpty:
            m.routingKey = q(m.routingKey)  // to a server-named queue (a reply-to) by the default exchange
            return .basic(.publish(m))
        case .basic(.deliver(var m)):
            m.consumerTag = c(m.consumerTag)
            m.deliveryTag = d(m.deliveryTag)
            m.routingKey = q(m.routingKey)  // the default exchange routes by queue name
            return .basic(.deliver(m))
        case .basic(.getOk(var m)):
            m.deliveryTag = d(m.deliveryTag)
            m.routingKey = q(m.routingKey)
            return .basic(.getOk(m))
        case .basic(.ack(let tag, let multiple)): return .basic(.ack(deliveryTag: d(tag), multiple: multiple))
        case .basic(.nack(let tag, let multiple, let requeue)): return .basic(.nack(deliveryTag: d(tag), multiple: multiple, requeue: requeue))
        case .basic(.reject(let tag, let requeue)): return .basic(.reject(deliveryTag: d(tag), requeue: requeue))
        default: return method
        }
    }

    /// Only names the server made up count: RabbitMQ gives them fixed prefixes, which a client
    /// may not use for its own (`amq.` is reserved). A name the client chose comes back the
    /// same and must not make the command that chose it wait for itself.
    private static func generatedKeys(_ method: Method, channel: UInt16) -> [String] {
        switch method {
        case .queue(.declareOk(let m)) where m.queue.hasPrefix("amq.gen-"): ["q:" + m.queue]
        case .basic(.consumeOk(let tag)) where tag.hasPrefix("amq.ctag-"): ["c:" + tag]
        case .basic(.deliver(let m)): ["d:\(channel):\(m.deliveryTag)"]
        case .basic(.getOk(let m)): ["d:\(channel):\(m.deliveryTag)"]
        default: []
        }
    }

    private static func referencedKeys(_ method: Method, channel: UInt16) -> [String] {
        switch method {
        case .queue(.declare(let m)) where !m.queue.isEmpty: ["q:" + m.queue]
        case .queue(.bind(let m)): ["q:" + m.queue]
        case .queue(.unbind(let m)): ["q:" + m.queue]
        case .queue(.purge(let m)): ["q:" + m.queue]
        case .queue(.delete(let m)): ["q:" + m.queue]
        case .basic(.consume(let m)): ["q:" + m.queue] + (m.consumerTag.isEmpty ? [] : ["c:" + m.consumerTag])
        case .basic(.get(let m)): ["q:" + m.queue]
        case .basic(.publish(let m)) where m.exchange.isEmpty: ["q:" + m.routingKey]
        case .basic(.cancel(let tag, _)): ["c:" + tag]
        case .basic(.ack(let tag, _)), .basic(.nack(let tag, _, _)), .basic(.reject(let tag, _)): ["d:\(channel):\(tag)"]
        default: []
        }
    }
}
