/// The sorted set commands, with Redis 7.0's arity, flags and key positions.
enum SortedSetCommands {
    static let all: [CommandSpec] = [
        CommandSpec("zadd", arity: -4, flags: "write denyoom fast", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZAddCommand.run(&call, incr: false)
        },
        CommandSpec("zincrby", arity: 4, flags: "write denyoom fast", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZAddCommand.run(&call, incr: true)
        },
        CommandSpec("zrem", arity: -3, flags: "write fast", keys: (1, 1, 1), group: .sortedSet, handler: ZRemoveCommands.zrem),
        CommandSpec("zcard", arity: 2, flags: "readonly fast", keys: (1, 1, 1), group: .sortedSet, handler: ZMemberCommands.zcard),
        CommandSpec("zscore", arity: 3, flags: "readonly fast", keys: (1, 1, 1), group: .sortedSet, handler: ZMemberCommands.zscore),
        CommandSpec("zmscore", arity: -3, flags: "readonly fast", keys: (1, 1, 1), group: .sortedSet, handler: ZMemberCommands.zmscore),
        CommandSpec("zrank", arity: 3, flags: "readonly fast", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZMemberCommands.rank(&call, reverse: false)
        },
        CommandSpec("zrevrank", arity: 3, flags: "readonly fast", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZMemberCommands.rank(&call, reverse: true)
        },
        CommandSpec("zcount", arity: 4, flags: "readonly fast", keys: (1, 1, 1), group: .sortedSet, handler: ZRangeCommands.zcount),
        CommandSpec("zlexcount", arity: 4, flags: "readonly fast", keys: (1, 1, 1), group: .sortedSet, handler: ZRangeCommands.zlexcount),

        CommandSpec("zrange", arity: -4, flags: "readonly", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZRangeCommands.run(&call, keyIndex: 1, store: false, kind: .auto, direction: .auto)
        },
        CommandSpec("zrangestore", arity: -5, flags: "write denyoom", keys: (1, 2, 1), group: .sortedSet) { call throws(RedisError) in
            try ZRangeCommands.run(&call, keyIndex: 2, store: true, kind: .auto, direction: .auto)
        },
        CommandSpec("zrevrange", arity: -4, flags: "readonly", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZRangeCommands.run(&call, keyIndex: 1, store: false, kind: .rank, direction: .reverse)
        },
        CommandSpec("zrangebyscore", arity: -4, flags: "readonly", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZRangeCommands.run(&call, keyIndex: 1, store: false, kind: .score, direction: .forward)
        },
        CommandSpec("zrevrangebyscore", arity: -4, flags: "readonly", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZRangeCommands.run(&call, keyIndex: 1, store: false, kind: .score, direction: .reverse)
        },
        CommandSpec("zrangebylex", arity: -4, flags: "readonly", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZRangeCommands.run(&call, keyIndex: 1, store: false, kind: .lex, direction: .forward)
        },
        CommandSpec("zrevrangebylex", arity: -4, flags: "readonly", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZRangeCommands.run(&call, keyIndex: 1, store: false, kind: .lex, direction: .reverse)
        },

        CommandSpec("zremrangebyrank", arity: 4, flags: "write", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZRemoveCommands.removeRange(&call, .rank)
        },
        CommandSpec("zremrangebyscore", arity: 4, flags: "write", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZRemoveCommands.removeRange(&call, .score)
        },
        CommandSpec("zremrangebylex", arity: 4, flags: "write", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZRemoveCommands.removeRange(&call, .lex)
        },

        CommandSpec("zpopmin", arity: -2, flags: "write fast", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZPopCommands.zpop(&call, .min)
        },
        CommandSpec("zpopmax", arity: -2, flags: "write fast", keys: (1, 1, 1), group: .sortedSet) { call throws(RedisError) in
            try ZPopCommands.zpop(&call, .max)
        },
        CommandSpec("bzpopmin", arity: -3, flags: "write noscript blocking fast", keys: (1, -2, 1), group: .sortedSet) {
            call throws(RedisError) in
            try ZPopCommands.bzpop(&call, .min)
        },
        CommandSpec("bzpopmax", arity: -3, flags: "write noscript blocking fast", keys: (1, -2, 1), group: .sortedSet) {
            call throws(RedisError) in
            try ZPopCommands.bzpop(&call, .max)
        },
        CommandSpec(
            "zmpop", arity: -4, flags: "write", group: .sortedSet, movableKeys: ListCommands.numkeysKeys(at: 1),
            handler: ZPopCommands.zmpop),
        CommandSpec(
            "bzmpop", arity: -5, flags: "write blocking", group: .sortedSet, movableKeys: ListCommands.numkeysKeys(at: 2),
            handler: ZPopCommands.bzmpop),

        CommandSpec(
            "zunionstore", arity: -4, flags: "write denyoom", keys: (1, 1, 1), group: .sortedSet,
            movableKeys: ZSetAlgebra.storeKeys
        ) { call throws(RedisError) in
            try ZSetAlgebra.run(&call, .union, numkeysIndex: 2, store: true)
        },
        CommandSpec(
            "zinterstore", arity: -4, flags: "write denyoom", keys: (1, 1, 1), group: .sortedSet,
            movableKeys: ZSetAlgebra.storeKeys
        ) { call throws(RedisError) in
            try ZSetAlgebra.run(&call, .inter, numkeysIndex: 2, store: true)
        },
        CommandSpec(
            "zdiffstore", arity: -4, flags: "write denyoom", keys: (1, 1, 1), group: .sortedSet,
            movableKeys: ZSetAlgebra.storeKeys
        ) { call throws(RedisError) in
            try ZSetAlgebra.run(&call, .diff, numkeysIndex: 2, store: true)
        },
        CommandSpec("zunion", arity: -3, flags: "readonly", group: .sortedSet, movableKeys: ListCommands.numkeysKeys(at: 1)) {
            call throws(RedisError) in
            try ZSetAlgebra.run(&call, .union, numkeysIndex: 1, store: false)
        },
        CommandSpec("zinter", arity: -3, flags: "readonly", group: .sortedSet, movableKeys: ListCommands.numkeysKeys(at: 1)) {
            call throws(RedisError) in
            try ZSetAlgebra.run(&call, .inter, numkeysIndex: 1, store: false)
        },
        CommandSpec("zdiff", arity: -3, flags: "readonly", group: .sortedSet, movableKeys: ListCommands.numkeysKeys(at: 1)) {
            call throws(RedisError) in
            try ZSetAlgebra.run(&call, .diff, numkeysIndex: 1, store: false)
        },
        CommandSpec(
            "zintercard", arity: -3, flags: "readonly", group: .sortedSet, movableKeys: ListCommands.numkeysKeys(at: 1)
        ) { call throws(RedisError) in
            try ZSetAlgebra.run(&call, .inter, numkeysIndex: 1, store: false, cardinalityOnly: true)
        },

        CommandSpec("zrandmember", arity: -2, flags: "readonly", keys: (1, 1, 1), group: .sortedSet, handler: ZRandMemberCommand.run),
        CommandSpec("zscan", arity: -3, flags: "readonly", keys: (1, 1, 1), group: .sortedSet, handler: ZScanCommand.run),
    ]
}
