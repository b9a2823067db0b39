import NIOCore

/// The list commands, blocking ones included.
enum ListCommands {
    enum End { case head, tail }

    static let all: [CommandSpec] = [
        CommandSpec("lpush", arity: -3, flags: "write denyoom fast", keys: (1, 1, 1), group: .list) { call throws(RedisError) in
            try push(&call, .head, onlyIfExists: false)
        },
        CommandSpec("rpush", arity: -3, flags: "write denyoom fast", keys: (1, 1, 1), group: .list) { call throws(RedisError) in
            try push(&call, .tail, onlyIfExists: false)
        },
        CommandSpec("lpushx", arity: -3, flags: "write denyoom fast", keys: (1, 1, 1), group: .list) { call throws(RedisError) in
            try push(&call, .head, onlyIfExists: true)
        },
        CommandSpec("rpushx", arity: -3, flags: "write denyoom fast", keys: (1, 1, 1), group: .list) { call throws(RedisError) in
            try push(&call, .tail, onlyIfExists: true)
        },
        CommandSpec("lpop", arity: -2, flags: "write fast", keys: (1, 1, 1), group: .list) { call throws(RedisError) in
            try pop(&call, .head)
        },
        CommandSpec("rpop", arity: -2, flags: "write fast", keys: (1, 1, 1), group: .list) { call throws(RedisError) in
            try pop(&call, .tail)
        },
        CommandSpec("llen", arity: 2, flags: "readonly fast", keys: (1, 1, 1), group: .list) { call throws(RedisError) in
            call.reply.integer(try call.readList(call.bytes(1))?.count ?? 0)
        },
        CommandSpec("lindex", arity: 3, flags: "readonly", keys: (1, 1, 1), group: .list, handler: lindex),
        CommandSpec("lset", arity: 4, flags: "write denyoom", keys: (1, 1, 1), group: .list, handler: lset),
        CommandSpec("lrange", arity: 4, flags: "readonly", keys: (1, 1, 1), group: .list, handler: lrange),
        CommandSpec("ltrim", arity: 4, flags: "write", keys: (1, 1, 1), group: .list, handler: ltrim),
        CommandSpec("lrem", arity: 4, flags: "write", keys: (1, 1, 1), group: .list, handler: lrem),
        CommandSpec("linsert", arity: 5, flags: "write denyoom", keys: (1, 1, 1), group: .list, handler: linsert),
        CommandSpec("lpos", arity: -3, flags: "readonly", keys: (1, 1, 1), group: .list, handler: lpos),
        CommandSpec("rpoplpush", arity: 3, flags: "write denyoom", keys: (1, 2, 1), group: .list) { call throws(RedisError) in
            try move(&call, from: .tail, to: .head)
        },
        CommandSpec("lmove", arity: 5, flags: "write denyoom", keys: (1, 2, 1), group: .list) { call throws(RedisError) in
            try move(&call, from: try end(call, 3), to: try end(call, 4))
        },
        CommandSpec("lmpop", arity: -4, flags: "write", group: .list, movableKeys: numkeysKeys(at: 1)) { call throws(RedisError) in
            try mpop(&call, numkeysIndex: 1, blocking: false)
        },
        CommandSpec("blpop", arity: -3, flags: "write noscript blocking", keys: (1, -2, 1), group: .list) { call throws(RedisError) in
            try blockingPop(&call, .head)
        },
        CommandSpec("brpop", arity: -3, flags: "write noscript blocking", keys: (1, -2, 1), group: .list) { call throws(RedisError) in
            try blockingPop(&call, .tail)
        },
        CommandSpec("brpoplpush", arity: 4, flags: "write denyoom noscript blocking", keys: (1, 2, 1), group: .list) {
            call throws(RedisError) in
            try blockingMove(&call, from: .tail, to: .head, timeoutIndex: 3)
        },
        CommandSpec("blmove", arity: 6, flags: "write denyoom noscript blocking", keys: (1, 2, 1), group: .list) {
            call throws(RedisError) in
            try blockingMove(&call, from: try end(call, 3), to: try end(call, 4), timeoutIndex: 5)
        },
        CommandSpec("blmpop", arity: -5, flags: "write blocking", group: .list, movableKeys: numkeysKeys(at: 2)) {
            call throws(RedisError) in
            try mpop(&call, numkeysIndex: 2, blocking: true)
        },
    ]

    /// Key positions of commands shaped `... numkeys key [key ...] ...`.
    static func numkeysKeys(at index: Int) -> @Sendable ([ByteBuffer]) -> [Int] {
        { args in
            // `n < count - index`, not `index + n < count`: a huge numkeys must not overflow.
            guard args.count > index, let n = Int(String(buffer: args[index])), n > 0,
                n < args.count - index
            else { return [] }
            return Array((index + 1)...(index + n))
        }
    }

    static func end(_ call: Call, _ i: Int) throws(RedisError) -> End {
        if call.keyword(i, "LEFT") { return .head }
        if call.keyword(i, "RIGHT") { return .tail }
        throw .syntax
    }

    /// How Redis names a list end when it writes one itself (serving a blocked BLMOVE).
    static func endName(_ end: End) -> Bytes { end == .head ? "left" : "right" }

    static func push(_ call: inout Call, _ end: End, onlyIfExists: Bool) throws(RedisError) {
        let key = call.bytes(1)
        let list: ListObject
        if let existing = try call.readList(key, forWrite: true) {
            list = existing
        } else {
            if onlyIfExists {
                call.reply.integer(0)
                return
            }
            list = ListObject()
            call.addKey(key, .list(list))
        }
        for i in 2..<call.count {
            if end == .head { list.items.prepend(call.bytes(i)) } else { list.items.append(call.bytes(i)) }
        }
        call.modified(key)
        call.dirty(call.count - 2)
        call.reply.integer(list.count)
    }

    /// Removes `n` elements from `end`, deleting the key when the list empties.
    static func take(_ call: Call, _ key: Bytes, _ list: ListObject, _ end: End, _ n: Int) -> [Bytes] {
        var out: [Bytes] = []
        out.reserveCapacity(n)
        for _ in 0..<min(n, list.count) {
            out.append(end == .head ? list.items.removeFirst() : list.items.removeLast())
        }
        call.deleteIfEmpty(key, count: list.count)
        call.modified(key)
        return out
    }

    static func pop(_ call: inout Call, _ end: End) throws(RedisError) {
        guard call.count <= 3 else { throw .wrongArity(call.spec.fullName) }
        var count = 0
        let hasCount = call.count == 3
        if hasCount {
            let n = try call.int(2, error: .positiveValue)
            guard n >= 0 else { throw .positiveValue }
            count = Int(n)
        }
        let key = call.bytes(1)
        guard let list = try call.readList(key, forWrite: true) else {
            if hasCount { call.reply.nullArray() } else { call.reply.null() }
            return
        }
        if hasCount && count == 0 {
            call.reply.arrayHeader(0)
            return
        }
        if !hasCount {
            call.reply.bulk(take(call, key, list, end, 1)[0])
            call.dirty()
        } else {
            let items = take(call, key, list, end, count)
            call.reply.array(items)
            call.dirty(items.count)
        }
    }

    static func move(_ call: inout Call, from: End, to: End) throws(RedisError) {
        let source = call.bytes(1)
        let destination = call.bytes(2)
        guard let list = try call.readList(source, forWrite: true) else {
            call.reply.null()
            return
        }
        let target = try call.readList(destination, forWrite: true)
        let value = from == .head ? list.items.removeFirst() : list.items.removeLast()
        // Rotating a one-element list onto itself must not delete it on the way.
        if target !== list { call.deleteIfEmpty(source, count: list.count) }
        call.modified(source)
        if let target {
            if to == .head { target.items.prepend(value) } else { target.items.append(value) }
            call.modified(destination)
        } else {
            call.addKey(destination, .list(ListObject([value])))
            call.modified(destination)
        }
        call.dirty()
        call.reply.bulk(value)
    }

    /// The keys to try: all of them, or when a ready key is being served only that one
    /// (Redis 7.0 serves a waiter from the key that became ready, whatever its position).
    static func candidates(_ call: Call, _ keys: [Bytes]) -> [Bytes] {
        guard call.client.retryingBlocked, let ready = call.client.readyKey else { return keys }
        return [ready]
    }
}
