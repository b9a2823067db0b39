/// The set commands: the table (arity, flags and key positions as in Redis 7.0). The
/// handlers live in the other files of this folder, one concern each.
enum SetCommands {
    static let all: [CommandSpec] = [
        CommandSpec("sadd", arity: -3, flags: "write denyoom fast", keys: (1, 1, 1), group: .set, handler: sadd),
        CommandSpec("srem", arity: -3, flags: "write fast", keys: (1, 1, 1), group: .set, handler: srem),
        CommandSpec("scard", arity: 2, flags: "readonly fast", keys: (1, 1, 1), group: .set) { call throws(RedisError) in
            call.reply.integer(try call.readSet(call.bytes(1))?.count ?? 0)
        },
        CommandSpec("sismember", arity: 3, flags: "readonly fast", keys: (1, 1, 1), group: .set) { call throws(RedisError) in
            call.reply.integer(try call.readSet(call.bytes(1))?.contains(call.bytes(2)) == true ? 1 : 0)
        },
        CommandSpec("smismember", arity: -3, flags: "readonly fast", keys: (1, 1, 1), group: .set, handler: smismember),
        CommandSpec("smembers", arity: 2, flags: "readonly", keys: (1, 1, 1), group: .set) { call throws(RedisError) in
            try intersection(&call, keys: 1..<2, mode: .reply)
        },
        CommandSpec("srandmember", arity: -2, flags: "readonly", keys: (1, 1, 1), group: .set, handler: srandmember),
        CommandSpec("spop", arity: -2, flags: "write fast", keys: (1, 1, 1), group: .set, handler: spop),
        CommandSpec("smove", arity: 4, flags: "write fast", keys: (1, 2, 1), group: .set, handler: smove),
        CommandSpec("sinter", arity: -2, flags: "readonly", keys: (1, -1, 1), group: .set) { call throws(RedisError) in
            try intersection(&call, keys: 1..<call.count, mode: .reply)
        },
        CommandSpec(
            "sintercard", arity: -3, flags: "readonly", group: .set, movableKeys: ListCommands.numkeysKeys(at: 1),
            handler: sintercard),
        CommandSpec("sinterstore", arity: -3, flags: "write denyoom", keys: (1, -1, 1), group: .set) {
            call throws(RedisError) in
            try intersection(&call, keys: 2..<call.count, mode: .store(call.bytes(1)))
        },
        CommandSpec("sunion", arity: -2, flags: "readonly", keys: (1, -1, 1), group: .set) { call throws(RedisError) in
            try unionOrDifference(&call, keys: 1..<call.count, difference: false, destination: nil)
        },
        CommandSpec("sunionstore", arity: -3, flags: "write denyoom", keys: (1, -1, 1), group: .set) {
            call throws(RedisError) in
            try unionOrDifference(&call, keys: 2..<call.count, difference: false, destination: call.bytes(1))
        },
        CommandSpec("sdiff", arity: -2, flags: "readonly", keys: (1, -1, 1), group: .set) { call throws(RedisError) in
            try unionOrDifference(&call, keys: 1..<call.count, difference: true, destination: nil)
        },
        CommandSpec("sdiffstore", arity: -3, flags: "write denyoom", keys: (1, -1, 1), group: .set) {
            call throws(RedisError) in
            try unionOrDifference(&call, keys: 2..<call.count, difference: true, destination: call.bytes(1))
        },
        CommandSpec("sscan", arity: -3, flags: "readonly", keys: (1, 1, 1), group: .set, handler: sscan),
    ]
}
