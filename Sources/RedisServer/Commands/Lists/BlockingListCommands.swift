import NIOCore

/// BLPOP, BRPOP, BRPOPLPUSH, BLMOVE and [B]LMPOP: serve now if a key has data, else
/// block until one does (or the timeout), as Redis 7.0.
extension ListCommands {
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
