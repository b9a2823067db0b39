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
            call.reply.integer(call.node.pubsub.spublish(channel: call.bytes(1), message: call.bytes(2)))
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

    static func subscribe(_ call: inout Call) throws(RedisError) {
        for i in 1..<call.count {
            let channel = call.bytes(i)
            _ = call.node.pubsub.subscribe(call.client, channel: channel)
            confirm(&call, "subscribe", channel)
        }
    }

    static func psubscribe(_ call: inout Call) throws(RedisError) {
        for i in 1..<call.count {
            let pattern = call.bytes(i)
            _ = call.node.pubsub.psubscribe(call.client, pattern: pattern)
            confirm(&call, "psubscribe", pattern)
        }
    }

    /// Unlike SUBSCRIBE, SSUBSCRIBE is refused inside a transaction (Redis treats EXEC as a
    /// client that may not block).
    static func ssubscribe(_ call: inout Call) throws(RedisError) {
        guard !call.node.inExec else { throw RedisError("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client") }
        for i in 1..<call.count {
            let channel = call.bytes(i)
            _ = call.node.pubsub.ssubscribe(call.client, channel: channel)
            confirm(&call, "ssubscribe", channel)
        }
    }

    static func unsubscribe(_ call: inout Call) throws(RedisError) {
        let targets = call.count > 1 ? (1..<call.count).map { call.bytes($0) } : Array(call.client.channels)
        if targets.isEmpty {
            confirm(&call, "unsubscribe", nil)
            return
        }
        for channel in targets {
            _ = call.node.pubsub.unsubscribe(call.client, channel: channel)
            confirm(&call, "unsubscribe", channel)
        }
    }

    static func punsubscribe(_ call: inout Call) throws(RedisError) {
        let targets = call.count > 1 ? (1..<call.count).map { call.bytes($0) } : Array(call.client.patterns)
        if targets.isEmpty {
            confirm(&call, "punsubscribe", nil)
            return
        }
        for pattern in targets {
            _ = call.node.pubsub.punsubscribe(call.client, pattern: pattern)
            confirm(&call, "punsubscribe", pattern)
        }
    }

    static func sunsubscribe(_ call: inout Call) throws(RedisError) {
        let targets = call.count > 1 ? (1..<call.count).map { call.bytes($0) } : Array(call.client.shardChannels)
        if targets.isEmpty {
            confirm(&call, "sunsubscribe", nil)
            return
        }
        for channel in targets {
            _ = call.node.pubsub.sunsubscribe(call.client, channel: channel)
            confirm(&call, "sunsubscribe", channel)
        }
    }

    static func publish(_ call: inout Call) throws(RedisError) {
        call.reply.integer(call.node.pubsub.publish(channel: call.bytes(1), message: call.bytes(2)))
    }
}
