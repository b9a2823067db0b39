/// RabbitMQ 3.10's operation table (rabbit_channel:handle_method), one function per AMQP
/// method: which permission on which resource, the extra checks on names, all in the order
/// the real server runs them, so that the first refusal is the one it would send. Names are
/// passed as the channel resolved them: CR/LF stripped, `""` queue names expanded to the
/// channel's most recently declared queue, server-named queues already named.
extension AccessControl {
    /// connection.open.
    public func checkConnectionOpen(user: String, vhost: String) throws(BrokerError) {
        try checkVhostAccess(user: user, vhost: vhost)
    }

    /// exchange.declare. Passive: only the default-exchange rule (3.10 checks no permission on
    /// passive declares). Active: default exchange refused, configure on the exchange, then,
    /// if the exchange does not exist yet, the reserved `amq.` prefix, and for an
    /// `alternate-exchange` argument read on the exchange and write on the alternate.
    /// (A non-string `alternate-exchange` is a 406 the caller raises; 3.10 raises it after the
    /// prefix check and before these two.)
    public func checkExchangeDeclare(
        user: String, vhost: String, exchange: String, passive: Bool, exists: Bool, alternateExchange: String? = nil
    ) throws(BrokerError) {
        guard !exchange.isEmpty else { throw AccessRefusal.defaultExchange }
        if passive { return }
        try checkResourceAccess(user: user, vhost: vhost, kind: .exchange, name: exchange, access: .configure)
        if exists { return }
        if exchange.hasPrefix("amq.") { throw AccessRefusal.reservedName(.exchange, exchange) }
        if let alternateExchange {
            try checkResourceAccess(user: user, vhost: vhost, kind: .exchange, name: exchange, access: .read)
            try checkResourceAccess(user: user, vhost: vhost, kind: .exchange, name: alternateExchange, access: .write)
        }
    }

    /// exchange.delete: default exchange refused, any `amq.*` refused, then configure.
    public func checkExchangeDelete(user: String, vhost: String, exchange: String) throws(BrokerError) {
        guard !exchange.isEmpty else { throw AccessRefusal.defaultExchange }
        if exchange.hasPrefix("amq.") { throw AccessRefusal.systemExchangeDeletion(exchange, vhost: vhost) }
        try checkResourceAccess(user: user, vhost: vhost, kind: .exchange, name: exchange, access: .configure)
    }

    /// queue.declare. Passive: nothing (3.10). Active: a client-chosen `amq.` name is refused
    /// whether or not the queue exists; a server-named queue (`serverNamed`, with `queue` the
    /// generated `amq.gen-…` name) is not. Then configure on the queue; for a queue that does
    /// not exist yet with `x-dead-letter-exchange`, read on the queue and write on the DLX.
    /// (A non-string `x-dead-letter-exchange` is the caller's 406, raised before these two.)
    public func checkQueueDeclare(
        user: String, vhost: String, queue: String, passive: Bool, serverNamed: Bool = false, exists: Bool,
        deadLetterExchange: String? = nil
    ) throws(BrokerError) {
        if passive { return }
        if !serverNamed, queue.hasPrefix("amq.") { throw AccessRefusal.reservedName(.queue, queue) }
        try checkResourceAccess(user: user, vhost: vhost, kind: .queue, name: queue, access: .configure)
        if exists { return }
        if let deadLetterExchange {
            try checkResourceAccess(user: user, vhost: vhost, kind: .queue, name: queue, access: .read)
            try checkResourceAccess(user: user, vhost: vhost, kind: .exchange, name: deadLetterExchange, access: .write)
        }
    }

    /// queue.delete: configure on the queue.
    public func checkQueueDelete(user: String, vhost: String, queue: String) throws(BrokerError) {
        try checkResourceAccess(user: user, vhost: vhost, kind: .queue, name: queue, access: .configure)
    }

    /// queue.purge: read on the queue.
    public func checkQueuePurge(user: String, vhost: String, queue: String) throws(BrokerError) {
        try checkResourceAccess(user: user, vhost: vhost, kind: .queue, name: queue, access: .read)
    }

    /// basic.get: read on the queue.
    public func checkGet(user: String, vhost: String, queue: String) throws(BrokerError) {
        try checkResourceAccess(user: user, vhost: vhost, kind: .queue, name: queue, access: .read)
    }

    /// basic.consume: read on the queue.
    public func checkConsume(user: String, vhost: String, queue: String) throws(BrokerError) {
        try checkResourceAccess(user: user, vhost: vhost, kind: .queue, name: queue, access: .read)
    }

    /// queue.bind, queue.unbind, exchange.bind and exchange.unbind (binding_action): write on
    /// the destination, the default exchange refused as destination or source, read on the
    /// source, then, when the source exists and is a topic exchange, topic read on the key.
    public func checkBind(
        user: String, vhost: String, source: String, destination: String, destinationKind: AccessResourceKind,
        routingKey: String, sourceIsTopic: Bool
    ) throws(BrokerError) {
        try checkResourceAccess(user: user, vhost: vhost, kind: destinationKind, name: destination, access: .write)
        if destinationKind == .exchange, destination.isEmpty { throw AccessRefusal.defaultExchange }
        guard !source.isEmpty else { throw AccessRefusal.defaultExchange }
        try checkResourceAccess(user: user, vhost: vhost, kind: .exchange, name: source, access: .read)
        if sourceIsTopic {
            try checkTopicAccess(user: user, vhost: vhost, exchange: source, routingKey: routingKey, access: .read)
        }
    }

    /// basic.publish, first step: write on the exchange (`""` as `amq.default`). The channel
    /// then looks the exchange up (404), refuses an internal one
    /// (`AccessRefusal.internalExchange`) and, for a topic exchange, calls `checkPublishTopic`.
    public func checkPublish(user: String, vhost: String, exchange: String) throws(BrokerError) {
        try checkResourceAccess(user: user, vhost: vhost, kind: .exchange, name: exchange, access: .write)
    }

    /// basic.publish to a topic exchange, last step: topic write on the routing key.
    public func checkPublishTopic(user: String, vhost: String, exchange: String, routingKey: String) throws(BrokerError) {
        try checkTopicAccess(user: user, vhost: vhost, exchange: exchange, routingKey: routingKey, access: .write)
    }

    /// basic.publish's `user_id` property (check_user_id_header): absent or the user's own
    /// name, unless the user has the `impersonator` tag.
    public func checkUserID(_ claimed: String?, user: User) throws(BrokerError) {
        guard let claimed, claimed != user.name, !user.hasTag(.impersonator) else { return }
        throw AccessRefusal.userIDMismatch(claimed: claimed, actual: user.name)
    }
}
