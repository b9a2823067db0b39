import NIOCore
import RESP

/// The generic keyspace commands: DEL, EXISTS, TYPE, KEYS, SCAN, RENAME, the EXPIRE family,
/// TTL, PERSIST, RANDOMKEY, TOUCH, MOVE, COPY and OBJECT.
enum KeyCommands {
    static let all: [CommandSpec] = [
        CommandSpec("del", arity: -2, flags: "write", keys: (1, -1, 1), group: .generic, handler: del),
        CommandSpec("unlink", arity: -2, flags: "write fast", keys: (1, -1, 1), group: .generic, handler: del),
        CommandSpec("exists", arity: -2, flags: "readonly fast", keys: (1, -1, 1), group: .generic, handler: exists),
        CommandSpec("touch", arity: -2, flags: "readonly fast", keys: (1, -1, 1), group: .generic, handler: exists),
        CommandSpec("type", arity: 2, flags: "readonly fast", keys: (1, 1, 1), group: .generic, handler: type),
        CommandSpec("keys", arity: 2, flags: "readonly", group: .generic, categories: ["@dangerous"], handler: keys),
        CommandSpec("scan", arity: -2, flags: "readonly", group: .generic, handler: scan),
        CommandSpec("randomkey", arity: 1, flags: "readonly", group: .generic, handler: randomkey),
        CommandSpec("rename", arity: 3, flags: "write", keys: (1, 2, 1), group: .generic) { call throws(RedisError) in
            try rename(&call, onlyIfNew: false)
        },
        CommandSpec("renamenx", arity: 3, flags: "write fast", keys: (1, 2, 1), group: .generic) { call throws(RedisError) in
            try rename(&call, onlyIfNew: true)
        },
        CommandSpec("expire", arity: -3, flags: "write fast", keys: (1, 1, 1), group: .generic) { call throws(RedisError) in
            try expire(&call, base: call.node.commandTime, seconds: true)
        },
        CommandSpec("pexpire", arity: -3, flags: "write fast", keys: (1, 1, 1), group: .generic) { call throws(RedisError) in
            try expire(&call, base: call.node.commandTime, seconds: false)
        },
        CommandSpec("expireat", arity: -3, flags: "write fast", keys: (1, 1, 1), group: .generic) { call throws(RedisError) in
            try expire(&call, base: 0, seconds: true)
        },
        CommandSpec("pexpireat", arity: -3, flags: "write fast", keys: (1, 1, 1), group: .generic) { call throws(RedisError) in
            try expire(&call, base: 0, seconds: false)
        },
        CommandSpec("ttl", arity: 2, flags: "readonly fast", keys: (1, 1, 1), group: .generic) { call throws(RedisError) in
            ttl(&call, milliseconds: false, absolute: false)
        },
        CommandSpec("pttl", arity: 2, flags: "readonly fast", keys: (1, 1, 1), group: .generic) { call throws(RedisError) in
            ttl(&call, milliseconds: true, absolute: false)
        },
        CommandSpec("expiretime", arity: 2, flags: "readonly fast", keys: (1, 1, 1), group: .generic) { call throws(RedisError) in
            ttl(&call, milliseconds: false, absolute: true)
        },
        CommandSpec("pexpiretime", arity: 2, flags: "readonly fast", keys: (1, 1, 1), group: .generic) { call throws(RedisError) in
            ttl(&call, milliseconds: true, absolute: true)
        },
        CommandSpec("persist", arity: 2, flags: "write fast", keys: (1, 1, 1), group: .generic, handler: persist),
        CommandSpec("move", arity: 3, flags: "write fast", keys: (1, 1, 1), group: .generic, handler: move),
        CommandSpec("copy", arity: -3, flags: "write denyoom", keys: (1, 2, 1), group: .generic, handler: copy),
        ObjectCommands.container,
    ]

    static func del(_ call: inout Call) throws(RedisError) {
        var deleted = 0
        for i in 1..<call.count where call.deleteKey(call.bytes(i)) {
            deleted += 1
        }
        call.dirty(deleted)
        call.reply.integer(deleted)
    }

    static func exists(_ call: inout Call) throws(RedisError) {
        var n = 0
        for i in 1..<call.count where call.lookupRead(call.bytes(i)) != nil {
            n += 1
        }
        call.reply.integer(n)
    }

    static func type(_ call: inout Call) throws(RedisError) {
        call.reply.simpleString(call.lookupRead(call.bytes(1))?.typeName ?? "none")
    }

    static func keys(_ call: inout Call) throws(RedisError) {
        let pattern = call.bytes(1)
        let all = pattern == "*"
        let now = call.node.commandTime
        var found: [Bytes] = []
        call.db.table.forEach { key, entry in
            if entry.expireAt >= 0 && entry.expireAt <= now { return }
            if all || GlobPattern.match(pattern, key) { found.append(key) }
        }
        call.reply.array(found)
    }

    static func scan(_ call: inout Call) throws(RedisError) {
        let start = try ScanOptions.cursor(call, 1)
        let options = try ScanOptions.parse(call, from: 2, allowType: true)
        let table = call.db.table
        let (cursor, candidates) = ScanOptions.collect(cursor: start, count: options.count) { c, out in
            table.scan(cursor: c) { key, _ in out.append(key) }
        }
        var keys: [Bytes] = []
        for key in candidates where options.matches(key) {
            guard let i = call.node.liveIndex(call.db, key) else { continue }
            if let type = options.type, call.db.table.value(at: i).value.typeName != type.lowercased() { continue }
            keys.append(key)
        }
        ScanOptions.reply(&call, cursor: cursor, elements: keys)
    }

    static func randomkey(_ call: inout Call) throws(RedisError) {
        let db = call.db
        // Keys picked while already expired are deleted and another one is tried.
        while let i = db.table.randomIndex(using: &call.node.random) {
            let key = db.table.key(at: i)
            if call.node.liveIndex(db, key) != nil {
                call.reply.bulk(key)
                return
            }
        }
        call.reply.null()
    }

    /// `lookupKeyRead` for commands that need the whole entry: counts a hit or a miss.
    static func readEntry(_ call: Call, _ key: Bytes) -> DBEntry? {
        let entry = call.lookupEntry(key)
        if entry == nil { call.node.stats.keyspaceMisses += 1 } else { call.node.stats.keyspaceHits += 1 }
        return entry
    }
}
