/// The hash commands: the table (arity, flags and key positions as in Redis 7.0). The
/// handlers live in the other files of this folder, one concern each.
enum HashCommands {
    static let all: [CommandSpec] = [
        CommandSpec("hset", arity: -4, flags: "write denyoom fast", keys: (1, 1, 1), group: .hash) { call throws(RedisError) in
            try hset(&call, replyOK: false)
        },
        CommandSpec("hsetnx", arity: 4, flags: "write denyoom fast", keys: (1, 1, 1), group: .hash, handler: hsetnx),
        CommandSpec("hmset", arity: -4, flags: "write denyoom fast", keys: (1, 1, 1), group: .hash) { call throws(RedisError) in
            try hset(&call, replyOK: true)
        },
        CommandSpec("hget", arity: 3, flags: "readonly fast", keys: (1, 1, 1), group: .hash, handler: hget),
        CommandSpec("hmget", arity: -3, flags: "readonly fast", keys: (1, 1, 1), group: .hash, handler: hmget),
        CommandSpec("hdel", arity: -3, flags: "write fast", keys: (1, 1, 1), group: .hash, handler: hdel),
        CommandSpec("hlen", arity: 2, flags: "readonly fast", keys: (1, 1, 1), group: .hash) { call throws(RedisError) in
            call.reply.integer(try call.readHash(call.bytes(1))?.count ?? 0)
        },
        CommandSpec("hstrlen", arity: 3, flags: "readonly fast", keys: (1, 1, 1), group: .hash) { call throws(RedisError) in
            call.reply.integer(try call.readHash(call.bytes(1))?[call.bytes(2)]?.count ?? 0)
        },
        CommandSpec("hexists", arity: 3, flags: "readonly fast", keys: (1, 1, 1), group: .hash) { call throws(RedisError) in
            call.reply.integer(try call.readHash(call.bytes(1))?[call.bytes(2)] == nil ? 0 : 1)
        },
        CommandSpec("hkeys", arity: 2, flags: "readonly", keys: (1, 1, 1), group: .hash) { call throws(RedisError) in
            try getAll(&call, fields: true, values: false)
        },
        CommandSpec("hvals", arity: 2, flags: "readonly", keys: (1, 1, 1), group: .hash) { call throws(RedisError) in
            try getAll(&call, fields: false, values: true)
        },
        CommandSpec("hgetall", arity: 2, flags: "readonly", keys: (1, 1, 1), group: .hash) { call throws(RedisError) in
            try getAll(&call, fields: true, values: true)
        },
        CommandSpec("hincrby", arity: 4, flags: "write denyoom fast", keys: (1, 1, 1), group: .hash, handler: hincrby),
        CommandSpec(
            "hincrbyfloat", arity: 4, flags: "write denyoom fast", keys: (1, 1, 1), group: .hash, handler: hincrbyfloat),
        CommandSpec("hrandfield", arity: -2, flags: "readonly", keys: (1, 1, 1), group: .hash, handler: hrandfield),
        CommandSpec("hscan", arity: -3, flags: "readonly", keys: (1, 1, 1), group: .hash, handler: hscan),
    ]

    /// `hashTypeLookupWriteOrCreate`, minus the create: the caller adds the key once it
    /// knows the command succeeds, so a failing command never leaves an empty hash behind.
    static func writableHash(_ call: Call, _ key: Bytes) throws(RedisError) -> (HashObject, isNew: Bool) {
        if let hash = try call.readHash(key, forWrite: true) { return (hash, false) }
        return (HashObject(), true)
    }
}
