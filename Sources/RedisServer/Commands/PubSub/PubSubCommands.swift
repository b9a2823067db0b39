import NIOCore

/// SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE, their UN- forms, PUBLISH, SPUBLISH and PUBSUB
/// introspection.
enum PubSubCommands {
    static let all: [CommandSpec] = [
        CommandSpec("subscribe", arity: -2, flags: "pubsub noscript loading stale", group: .pubsub, handler: subscribe),
        CommandSpec("unsubscribe", arity: -1, flags: "pubsub noscript loading stale", group: .pubsub, handler: unsubscribe),
        CommandSpec("psubscribe", arity: -2, flags: "pubsub noscript loading stale", group: .pubsub, handler: psubscribe),
        CommandSpec("punsubscribe", arity: -1, flags: "pubsub noscript loading stale", group: .pubsub, handler: punsubscribe),
        CommandSpec("publish", arity: 3, flags: "pubsub loading stale fast", group: .pubsub, handler: publish),
        CommandSpec(
            "ssubscribe", arity: -2, flags: "pubsub noscript loading stale", keys: (1, -1, 1), group: .pubsub,
            handler: ssubscribe),
        CommandSpec(
            "sunsubscribe", arity: -1, flags: "pubsub noscript loading stale", keys: (1, -1, 1), group: .pubsub,
            handler: sunsubscribe),
        CommandSpec("spublish", arity: 3, flags: "pubsub loading stale fast", keys: (1, 1, 1), group: .pubsub) {
            call throws(RedisError) in
            let (channel, message) = (call.bytes(1), call.bytes(2))
            call.reply.integer(call.node.pubsub.spublish(channel: channel, message: message))
            call.node.cluster?.propagatePublish(channel: channel, message: message, shard: true)
        },
        PubSubIntrospection.container,
    ]

    /// A subscription change confirmation; counts are those of the same kind (channels and
    /// patterns together, shard channels apart), as Redis reports them.
    private static func confirm(_ call: inout Call, _ kind: String, _ name: Bytes?) {
        let shard = kind == "ssubscribe" || kind == "sunsubscribe"
        call.reply.pushHeader(3)
        call.reply.bulk(kind)
        call.reply.bulkOrNull(name)
        call.reply.integer(shard ? call.client.shardChannels.count : call.client.subscriptionCount)
    }

    /// The three SUBSCRIBE forms: join each named channel or pattern, confirming each.
    private static func join(_ call: inout Call, _ kind: String, _ add: (PubSubRegistry, Client, Bytes) -> Void) {
        for i in 1..<call.count {
            let name = call.bytes(i)
            add(call.node.pubsub, call.client, name)
            confirm(&call, kind, name)
        }
    }

    /// The three UNSUBSCRIBE forms: leave the named ones, or all of `current`; with
    /// nothing to leave, one confirmation with a null name.
    private static func leave(
        _ call: inout Call, _ kind: String, current: Set<Bytes>, _ remove: (PubSubRegistry, Client, Bytes) -> Void
    ) {
        let targets = call.count > 1 ? (1..<call.count).map { call.bytes($0) } : Array(current)
        if targets.isEmpty {
            confirm(&call, kind, nil)
            return
        }
        for name in targets {
            remove(call.node.pubsub, call.client, name)
            confirm(&call, kind, name)
        }
    }

    static func subscribe(_ call: inout Call) throws(RedisError) {
        join(&call, "subscribe") { _ = $0.subscribe($1, channel: $2) }
    }

    static func psubscribe(_ call: inout Call) throws(RedisError) {
        join(&call, "psubscribe") { _ = $0.psubscribe($1, pattern: $2) }
    }

    /// Unlike SUBSCRIBE, SSUBSCRIBE is refused inside a transaction (Redis treats EXEC as a
    /// client that may not block).
    static func ssubscribe(_ call: inout Call) throws(RedisError) {
        guard !call.node.inExec else { throw RedisError("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client") }
        join(&call, "ssubscribe") { _ = $0.ssubscribe($1, channel: $2) }
    }

    static func unsubscribe(_ call: inout Call) throws(RedisError) {
        leave(&call, "unsubscribe", current: call.client.channels) { _ = $0.unsubscribe($1, channel: $2) }
    }

    static func punsubscribe(_ call: inout Call) throws(RedisError) {
        leave(&call, "punsubscribe", current: call.client.patterns) { _ = $0.punsubscribe($1, pattern: $2) }
    }

    static func sunsubscribe(_ call: inout Call) throws(RedisError) {
        leave(&call, "sunsubscribe", current: call.client.shardChannels) { _ = $0.sunsubscribe($1, channel: $2) }
    }

    static func publish(_ call: inout Call) throws(RedisError) {
        let (channel, message) = (call.bytes(1), call.bytes(2))
        call.reply.integer(call.node.pubsub.publish(channel: channel, message: message))
        // In a cluster every node's subscribers hear it (Redis sends it over the bus).
        call.node.cluster?.propagatePublish(channel: channel, message: message, shard: false)
    }
}
