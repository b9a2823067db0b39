import NIOCore

/// SUBSCRIBE, PSUBSCRIBE, their UN- forms, PUBLISH and PUBSUB introspection.
enum PubSubCommands {
    static let all: [CommandSpec] = [
        CommandSpec("subscribe", arity: -2, flags: "pubsub noscript loading stale", group: .pubsub, handler: subscribe),
        CommandSpec("unsubscribe", arity: -1, flags: "pubsub noscript loading stale", group: .pubsub, handler: unsubscribe),
        CommandSpec("psubscribe", arity: -2, flags: "pubsub noscript loading stale", group: .pubsub, handler: psubscribe),
        CommandSpec("punsubscribe", arity: -1, flags: "pubsub noscript loading stale", group: .pubsub, handler: punsubscribe),
        CommandSpec("publish", arity: 3, flags: "pubsub loading stale fast", group: .pubsub, handler: publish),
        CommandSpec(
            container: "pubsub", group: .pubsub,
            subcommands: [
                CommandSpec("channels", arity: -2, flags: "pubsub loading stale", group: .pubsub, handler: channels),
                CommandSpec("numsub", arity: -2, flags: "pubsub loading stale", group: .pubsub, handler: numsub),
                CommandSpec("numpat", arity: 2, flags: "pubsub loading stale", group: .pubsub) { call throws(RedisError) in
                    call.reply.integer(call.node.pubsub.patternCount)
                },
            ]),
    ]

    private static func confirm(_ call: inout Call, _ kind: String, _ name: Bytes?) {
        call.reply.pushHeader(3)
        call.reply.bulk(kind)
        call.reply.bulkOrNull(name)
        call.reply.integer(call.client.subscriptionCount)
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

    static func publish(_ call: inout Call) throws(RedisError) {
        call.reply.integer(call.node.pubsub.publish(channel: call.bytes(1), message: call.bytes(2)))
    }

    static func channels(_ call: inout Call) throws(RedisError) {
        guard call.count <= 3 else { throw .wrongArity("pubsub|channels") }
        let pattern = call.count == 3 ? call.bytes(2) : nil
        let names = call.node.pubsub.channels.keys.filter { pattern == nil || GlobPattern.match(pattern!, $0) }
        call.reply.array(Array(names))
    }

    static func numsub(_ call: inout Call) throws(RedisError) {
        call.reply.mapHeader(call.count - 2)
        for i in 2..<max(2, call.count) {
            let channel = call.bytes(i)
            call.reply.bulk(channel)
            call.reply.integer(call.node.pubsub.channels[channel]?.count ?? 0)
        }
    }
}
