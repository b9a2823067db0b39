import DequeModule
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

    static func lindex(_ call: inout Call) throws(RedisError) {
        let index = try call.int(2)
        guard let list = try call.readList(call.bytes(1)) else {
            call.reply.null()
            return
        }
        if let i = list.resolve(Int(index)) { call.reply.bulk(list.items[i]) } else { call.reply.null() }
    }

    static func lset(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        guard let list = try call.readList(key, forWrite: true) else { throw .noSuchKey }
        let index = try call.int(2)
        guard let i = list.resolve(Int(index)) else { throw .indexOutOfRange }
        list.items[i] = call.bytes(3)
        call.modified(key)
        call.dirty()
        call.reply.ok()
    }

    /// Redis's range normalisation for LRANGE (and ZRANGE by rank).
    static func normalizedRange(_ start: Int64, _ end: Int64, count: Int) -> Range<Int>? {
        let n = Int64(count)
        var s = start < 0 ? n + start : start
        var e = end < 0 ? n + end : end
        if s < 0 { s = 0 }
        if s > e || s >= n { return nil }
        if e >= n { e = n - 1 }
        return Int(s)..<Int(e + 1)
    }

    static func lrange(_ call: inout Call) throws(RedisError) {
        let start = try call.int(2)
        let end = try call.int(3)
        guard let list = try call.readList(call.bytes(1)), let range = normalizedRange(start, end, count: list.count)
        else {
            call.reply.arrayHeader(0)
            return
        }
        call.reply.arrayHeader(range.count)
        for i in range { call.reply.bulk(list.items[i]) }
    }

    static func ltrim(_ call: inout Call) throws(RedisError) {
        var start = try call.int(2)
        var end = try call.int(3)
        let key = call.bytes(1)
        guard let list = try call.readList(key, forWrite: true) else {
            call.reply.ok()
            return
        }
        let n = Int64(list.count)
        if start < 0 { start = n + start }
        if end < 0 { end = n + end }
        if start < 0 { start = 0 }
        var left: Int64
        var right: Int64
        if start > end || start >= n {
            left = n
            right = 0
        } else {
            if end >= n { end = n - 1 }
            left = start
            right = n - end - 1
        }
        list.items.removeFirst(Int(left))
        list.items.removeLast(Int(min(right, Int64(list.count))))
        call.deleteIfEmpty(key, count: list.count)
        call.modified(key)
        call.dirty(Int(left + right))
        call.reply.ok()
    }

    static func lrem(_ call: inout Call) throws(RedisError) {
        let toRemove = try call.int(2)
        let key = call.bytes(1)
        let target = call.bytes(3)
        guard let list = try call.readList(key, forWrite: true) else {
            call.reply.integer(0)
            return
        }
        var removed = 0
        let limit = Int(toRemove.magnitude)
        if toRemove >= 0 {
            var i = 0
            while i < list.count {
                if list.items[i] == target {
                    list.items.remove(at: i)
                    removed += 1
                    if limit > 0 && removed == limit { break }
                } else {
                    i += 1
                }
            }
        } else {
            var i = list.count - 1
            while i >= 0 {
                if list.items[i] == target {
                    list.items.remove(at: i)
                    removed += 1
                    if removed == limit { break }
                }
                i -= 1
            }
        }
        if removed > 0 { call.modified(key) }
        call.deleteIfEmpty(key, count: list.count)
        call.dirty(removed)
        call.reply.integer(removed)
    }

    static func linsert(_ call: inout Call) throws(RedisError) {
        let after: Bool
        if call.keyword(2, "AFTER") {
            after = true
        } else if call.keyword(2, "BEFORE") {
            after = false
        } else {
            throw .syntax
        }
        let key = call.bytes(1)
        guard let list = try call.readList(key, forWrite: true) else {
            call.reply.integer(0)
            return
        }
        let pivot = call.bytes(3)
        guard let i = list.items.firstIndex(of: pivot) else {
            call.reply.integer(-1)
            return
        }
        list.items.insert(call.bytes(4), at: after ? i + 1 : i)
        call.modified(key)
        call.dirty()
        call.reply.integer(list.count)
    }

    static func lpos(_ call: inout Call) throws(RedisError) {
        var rank: Int64 = 1
        var count: Int64 = -1
        var maxLength: Int64 = 0
        var j = 3
        while j < call.count {
            let more = call.count - 1 - j
            if call.keyword(j, "RANK") && more > 0 {
                rank = try call.int(j + 1)
                if rank == 0 {
                    throw RedisError(
                        "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"
                    )
                }
            } else if call.keyword(j, "COUNT") && more > 0 {
                count = try call.int(j + 1)
                guard count >= 0 else { throw RedisError("ERR COUNT can't be negative") }
            } else if call.keyword(j, "MAXLEN") && more > 0 {
                maxLength = try call.int(j + 1)
                guard maxLength >= 0 else { throw RedisError("ERR MAXLEN can't be negative") }
            } else {
                throw .syntax
            }
            j += 2
        }
        let fromTail = rank < 0
        // C negates LONG_MIN to itself: that rank then matches from the first hit on and
        // its COUNT limit never triggers. Wrapping arithmetic reproduces both.
        if fromTail { rank = 0 &- rank }
        guard let list = try call.readList(call.bytes(1)) else {
            if count != -1 { call.reply.arrayHeader(0) } else { call.reply.null() }
            return
        }
        let element = call.bytes(2)
        var matches: Int64 = 0
        var found: [Int] = []
        var scanned: Int64 = 0
        let n = list.count
        for step in 0..<n {
            if maxLength != 0 && scanned >= maxLength { break }
            let index = fromTail ? n - 1 - step : step
            scanned += 1
            guard list.items[index] == element else { continue }
            matches += 1
            guard matches >= rank else { continue }
            found.append(index)
            if count == -1 { break }
            if count != 0 && matches &- rank &+ 1 >= count { break }
        }
        if count != -1 {
            call.reply.arrayHeader(found.count)
            for i in found { call.reply.integer(i) }
        } else if let first = found.first {
            call.reply.integer(first)
        } else {
            call.reply.null()
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

    /// `getTimeoutFromObjectOrReply` in seconds: a float, rounded up to whole ms.
    static func timeout(_ call: Call, _ i: Int) throws(RedisError) -> Int64 {
        guard let seconds = call.args[i].withUnsafeReadableBytes({ RedisNumber.parseLongDouble($0) }) else {
            throw .timeoutNotFloat
        }
        let ms = (seconds * 1000).rounded(.up)
        // Redis casts to long long: anything out of range (inf included) becomes LLONG_MIN.
        guard ms >= 0 && ms < LongDouble(Int64.max) else { throw .negativeTimeout }
        return Int64(ms)
    }

    /// The keys to try: all of them, or when a ready key is being served only that one
    /// (Redis 7.0 serves a waiter from the key that became ready, whatever its position).
    static func candidates(_ call: Call, _ keys: [Bytes]) -> [Bytes] {
        guard call.client.retryingBlocked, let ready = call.client.readyKey else { return keys }
        return [ready]
    }

    /// True if the command may wait: not inside EXEC (where it behaves as timed out).
    static func mayBlock(_ call: Call) -> Bool { !call.node.inExec }

    static func blockingPop(_ call: inout Call, _ end: End) throws(RedisError) {
        let timeoutMs = try timeout(call, call.count - 1)
        for key in candidates(call, (1..<(call.count - 1)).map { call.bytes($0) }) {
            guard let list = try call.readList(key, forWrite: true), list.count > 0 else { continue }
            let value = take(call, key, list, end, 1)[0]
            call.reply.arrayHeader(2)
            call.reply.bulk(key)
            call.reply.bulk(value)
            call.dirty()
            call.propagation = [[end == .head ? "LPOP" : "RPOP", key]]
            call.node.blocking.unblock(call.client)
            return
        }
        try wait(&call, keys: (1..<(call.count - 1)).map { call.bytes($0) }, timeoutMs: timeoutMs, nullArray: true)
    }

    /// Nothing to serve: block (or, inside EXEC, answer as a timeout would).
    static func wait(_ call: inout Call, keys: [Bytes], timeoutMs: Int64, nullArray: Bool) throws(RedisError) {
        call.propagation = []
        if call.client.retryingBlocked { return }
        guard mayBlock(call) else {
            if nullArray { call.reply.nullArray() } else { call.reply.null() }
            return
        }
        // A timeout answers a null array whatever the command (BLMOVE too), as Redis 7.0's
        // replyToBlockedClientTimedOut does; only the EXEC case above differs.
        call.node.block(call, keys: keys, timeoutMilliseconds: timeoutMs) { client in
            client.reply.nullArray()
        }
    }

    static func blockingMove(_ call: inout Call, from: End, to: End, timeoutIndex: Int) throws(RedisError) {
        let timeoutMs = try timeout(call, timeoutIndex)
        let source = call.bytes(1)
        if try call.readList(source, forWrite: true) != nil {
            try move(&call, from: from, to: to)
            // Served at once, BLMOVE propagates its own LEFT/RIGHT arguments; served later,
            // the names Redis spells itself.
            let retrying = call.client.retryingBlocked
            call.propagation = [
                call.spec.name == "brpoplpush"
                    ? ["RPOPLPUSH", source, call.bytes(2)]
                    : [
                        "LMOVE", source, call.bytes(2), retrying ? endName(from) : call.bytes(3),
                        retrying ? endName(to) : call.bytes(4),
                    ]
            ]
            call.node.blocking.unblock(call.client)
            return
        }
        try wait(&call, keys: [source], timeoutMs: timeoutMs, nullArray: false)
    }

    static func mpop(_ call: inout Call, numkeysIndex: Int, blocking: Bool) throws(RedisError) {
        let numkeysError = RedisError("ERR numkeys should be greater than 0")
        let numkeys = try call.int(numkeysIndex, error: numkeysError)
        guard numkeys > 0 else { throw numkeysError }
        guard numkeys < Int64(call.count - numkeysIndex - 1) else { throw .syntax }
        let whereIndex = numkeysIndex + Int(numkeys) + 1
        let end = try end(call, whereIndex)
        var count: Int64 = -1
        var j = whereIndex + 1
        while j < call.count {
            if count == -1 && call.keyword(j, "COUNT") && j + 1 < call.count {
                count = try call.int(j + 1, error: RedisError("ERR count should be greater than 0"))
                guard count > 0 else { throw RedisError("ERR count should be greater than 0") }
                j += 2
            } else {
                throw .syntax
            }
        }
        if count == -1 { count = 1 }
        // BLMPOP reads its timeout only once the rest parsed, as Redis does.
        let timeoutMs = blocking ? try timeout(call, 1) : 0
        let keys = ((numkeysIndex + 1)..<whereIndex).map { call.bytes($0) }
        for key in candidates(call, keys) {
            guard let list = try call.readList(key, forWrite: true), list.count > 0 else { continue }
            let items = take(call, key, list, end, Int(min(count, Int64(list.count))))
            call.reply.arrayHeader(2)
            call.reply.bulk(key)
            call.reply.array(items)
            call.dirty(items.count)
            call.propagation = [[end == .head ? "LPOP" : "RPOP", key, Bytes(Int64(items.count))]]
            call.node.blocking.unblock(call.client)
            return
        }
        if blocking {
            try wait(&call, keys: keys, timeoutMs: timeoutMs, nullArray: true)
        } else {
            call.reply.nullArray()
        }
    }
}
