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

    static func rename(_ call: inout Call, onlyIfNew: Bool) throws(RedisError) {
        let source = call.bytes(1)
        let destination = call.bytes(2)
        guard let entry = call.lookupEntry(source) else { throw .noSuchKey }
        if source == destination {
            if onlyIfNew { call.reply.integer(0) } else { call.reply.ok() }
            call.propagation = []
            return
        }
        if call.lookupWrite(destination) != nil {
            if onlyIfNew {
                call.reply.integer(0)
                return
            }
            call.db.remove(destination)
        }
        call.db.remove(source)
        call.db.add(destination, entry)
        call.node.keyAdded(call.db, destination, entry.value)
        call.modified(source)
        call.modified(destination)
        call.dirty()
        if onlyIfNew { call.reply.integer(1) } else { call.reply.ok() }
    }

    static func expire(_ call: inout Call, base: Int64, seconds: Bool) throws(RedisError) {
        var nx = false, xx = false, gt = false, lt = false
        for i in 3..<max(3, call.count) {
            if call.keyword(i, "NX") { nx = true }
            else if call.keyword(i, "XX") { xx = true }
            else if call.keyword(i, "GT") { gt = true }
            else if call.keyword(i, "LT") { lt = true }
            else { throw RedisError("ERR Unsupported option \(call.string(i))") }
        }
        if nx && (xx || gt || lt) {
            throw RedisError("ERR NX and XX, GT or LT options at the same time are not compatible")
        }
        if gt && lt { throw RedisError("ERR GT and LT options at the same time are not compatible") }
        var when = try call.int(2)
        if seconds {
            guard when <= Int64.max / 1000 && when >= Int64.min / 1000 else {
                throw .invalidExpireTime(call.spec.fullName)
            }
            when *= 1000
        }
        guard when <= Int64.max - base else { throw .invalidExpireTime(call.spec.fullName) }
        when += base
        let key = call.bytes(1)
        guard let entry = call.lookupEntry(key) else {
            call.reply.integer(0)
            return
        }
        let current = entry.expireAt
        if (nx && current != -1) || (xx && current == -1) || (gt && (when <= current || current == -1))
            || (lt && current != -1 && when >= current)
        {
            call.reply.integer(0)
            return
        }
        if when <= call.node.commandTime {
            call.deleteKey(key)
            call.dirty()
            call.propagation = [["DEL", key]]
        } else {
            call.db.setExpire(key, at: when)
            call.modified(key)
            call.dirty()
            // Redis rewrites only the name (unless already PEXPIREAT) and the time: the
            // NX/XX/GT/LT flags travel as given.
            let name: Bytes = call.spec.name == "pexpireat" ? call.bytes(0) : "PEXPIREAT"
            call.propagation = [[name, key, Bytes(when)] + (3..<call.count).map { call.bytes($0) }]
        }
        call.reply.integer(1)
    }

    /// `lookupKeyRead` for commands that need the whole entry: counts a hit or a miss.
    static func readEntry(_ call: Call, _ key: Bytes) -> DBEntry? {
        let entry = call.lookupEntry(key)
        if entry == nil { call.node.stats.keyspaceMisses += 1 } else { call.node.stats.keyspaceHits += 1 }
        return entry
    }

    static func ttl(_ call: inout Call, milliseconds: Bool, absolute: Bool) {
        guard let entry = readEntry(call, call.bytes(1)) else {
            call.reply.integer(-2)
            return
        }
        guard entry.expireAt >= 0 else {
            call.reply.integer(-1)
            return
        }
        let t = absolute ? entry.expireAt : max(0, entry.expireAt - call.node.commandTime)
        call.reply.integer(milliseconds ? t : (t + 500) / 1000)
    }

    static func persist(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        guard let entry = call.lookupEntry(key), entry.expireAt >= 0 else {
            call.reply.integer(0)
            return
        }
        call.db.setExpire(key, at: -1)
        call.modified(key)
        call.dirty()
        call.reply.integer(1)
    }

    static func move(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        let target = try call.int(2, error: RedisError("ERR value is not an integer or out of range"))
        guard target >= 0 && target < call.node.databases.count else { throw .invalidDBIndex }
        let destination = call.node.databases[Int(target)]
        guard destination !== call.db else {
            throw RedisError("ERR source and destination objects are the same")
        }
        guard let entry = call.lookupEntry(key) else {
            call.reply.integer(0)
            return
        }
        if call.node.liveIndex(destination, key) != nil {
            call.reply.integer(0)
            return
        }
        call.db.remove(key)
        destination.add(key, entry)
        call.node.keyAdded(destination, key, entry.value)
        call.modified(key)
        call.node.watches.touch(db: destination.id, key: key, node: call.node)
        call.dirty()
        call.reply.integer(1)
    }

    static func copy(_ call: inout Call) throws(RedisError) {
        let source = call.bytes(1)
        let destinationKey = call.bytes(2)
        var target = call.db
        var replace = false
        var i = 3
        while i < call.count {
            if call.keyword(i, "REPLACE") {
                replace = true
                i += 1
            } else if call.keyword(i, "DB") && i + 1 < call.count {
                let n = try call.int(i + 1, error: RedisError("ERR value is not an integer or out of range"))
                guard n >= 0 && n < call.node.databases.count else { throw .invalidDBIndex }
                target = call.node.databases[Int(n)]
                i += 2
            } else {
                throw .syntax
            }
        }
        if target === call.db && source == destinationKey {
            throw RedisError("ERR source and destination objects are the same")
        }
        guard let entry = readEntry(call, source) else {
            call.reply.integer(0)
            return
        }
        if call.node.liveIndex(target, destinationKey) != nil {
            guard replace else {
                call.reply.integer(0)
                return
            }
            target.remove(destinationKey)
        }
        var copy = entry
        copy.value = entry.value.deepCopy()
        target.add(destinationKey, copy)
        call.node.keyAdded(target, destinationKey, copy.value)
        call.node.watches.touch(db: target.id, key: destinationKey, node: call.node)
        call.dirty()
        call.reply.integer(1)
    }
}
