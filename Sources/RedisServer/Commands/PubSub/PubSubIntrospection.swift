import NIOCore

/// PUBSUB CHANNELS | NUMSUB | NUMPAT | SHARDCHANNELS | SHARDNUMSUB | HELP.
enum PubSubIntrospection {
    static let container = CommandSpec(
        container: "pubsub", group: .pubsub,
        subcommands: [
            CommandSpec("channels", arity: -2, flags: "pubsub loading stale", group: .pubsub) { call throws(RedisError) in
                try list(&call, call.node.pubsub.channels)
            },
            CommandSpec("numsub", arity: -2, flags: "pubsub loading stale", group: .pubsub) { call throws(RedisError) in
                counts(&call, call.node.pubsub.channels)
            },
            CommandSpec("numpat", arity: 2, flags: "pubsub loading stale", group: .pubsub) { call throws(RedisError) in
                call.reply.integer(call.node.pubsub.patternCount)
            },
            CommandSpec("shardchannels", arity: -2, flags: "pubsub loading stale", group: .pubsub) {
                call throws(RedisError) in
                try list(&call, call.node.pubsub.shardChannels)
            },
            CommandSpec("shardnumsub", arity: -2, flags: "pubsub loading stale", group: .pubsub) {
                call throws(RedisError) in
                counts(&call, call.node.pubsub.shardChannels)
            },
            CommandSpec("help", arity: 2, flags: "loading stale", group: .pubsub, handler: help),
        ])

    /// `[pattern]`: more arguments get Redis's generic subcommand error, not an arity error.
    static func list(_ call: inout Call, _ registry: [Bytes: [Client]]) throws(RedisError) {
        guard call.count <= 3 else {
            throw RedisError(
                "ERR unknown subcommand or wrong number of arguments for '\(call.string(1))'. Try PUBSUB HELP.")
        }
        let pattern = call.count == 3 ? call.bytes(2) : nil
        let names = registry.keys.filter { pattern == nil || GlobPattern.match(pattern!, $0) }
        call.reply.array(Array(names))
    }

    /// A flat array of channel, count pairs — an array even in RESP3, as Redis answers.
    static func counts(_ call: inout Call, _ registry: [Bytes: [Client]]) {
        call.reply.arrayHeader((call.count - 2) * 2)
        for i in 2..<max(2, call.count) {
            let channel = call.bytes(i)
            call.reply.bulk(channel)
            call.reply.integer(registry[channel]?.count ?? 0)
        }
    }

    static func help(_ call: inout Call) throws(RedisError) {
        let lines = [
            "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "CHANNELS [<pattern>]",
            "    Return the currently active channels matching a <pattern> (default: '*').",
            "NUMPAT",
            "    Return number of subscriptions to patterns.",
            "NUMSUB [<channel> ...]",
            "    Return the number of subscribers for the specified channels, excluding",
            "    pattern subscriptions(default: no channels).",
            "SHARDCHANNELS [<pattern>]",
            "    Return the currently active shard level channels matching a <pattern> (default: '*').",
            "SHARDNUMSUB [<shardchannel> ...]",
            "    Return the number of subscribers for the specified shard level channel(s)",
            "HELP",
            "    Prints this help.",
        ]
        call.reply.arrayHeader(lines.count)
        for l in lines { call.reply.simpleString(l) }
    }
}
