/// ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms (Redis's `genericZpopCommand` and
/// `blockingGenericZpopCommand`).
enum ZPopCommands {
    enum End {
        case min, max

        /// What a served pop is propagated as.
        var command: Bytes { self == .min ? "ZPOPMIN" : "ZPOPMAX" }
    }

    /// Pops up to `count` entries from `end` (lowest first for min, highest first for max),
    /// deleting the key when the set empties.
    static func take(_ call: Call, _ key: Bytes, _ zset: SortedSetObject, _ end: End, _ count: Int) -> [ZEntry] {
        let n = min(count, zset.count)
        let popped = end == .min ? zset.removeRanks(0..<n) : zset.removeRanks((zset.count - n)..<zset.count).reversed()
        if zset.count == 0 { call.deleteKey(key) }
        call.modified(key)
        call.dirty(n)
        return popped
    }

    /// ZPOPMIN/ZPOPMAX key [count]: a flat `[member, score, ...]` array, except with a count
    /// in RESP3, which nests the pairs. A missing key answers an empty array.
    static func zpop(_ call: inout Call, _ end: End) throws(RedisError) {
        guard call.count <= 3 else { throw .syntax }
        var count = -1
        if call.count == 3 {
            let n = try call.int(2, error: .positiveValue)
            guard n >= 0 else { throw .positiveValue }
            count = Int(n)
        }
        let key = call.bytes(1)
        guard let zset = try call.readSortedSet(key, forWrite: true), count != 0 else {
            call.reply.arrayHeader(0)
            return
        }
        let popped = take(call, key, zset, end, count == -1 ? 1 : count)
        if count != -1 && call.reply.version == .v3 {
            call.reply.sortedEntries(popped, withScores: true)
        } else {
            call.reply.arrayHeader(popped.count * 2)
            for e in popped { call.reply.memberAndScore(e) }
        }
    }

    /// `numkeys key [key ...] MIN|MAX [COUNT count]` of ZMPOP (at 1) and BZMPOP (at 2).
    static func mpopArguments(_ call: Call, numkeysIndex: Int) throws(RedisError) -> (keys: [Bytes], end: End, count: Int) {
        let numkeys = try call.int(numkeysIndex, error: .numkeysNotPositive)
        guard numkeys >= 1 else { throw .numkeysNotPositive }
        guard numkeys < Int64(call.count) else { throw .syntax }
        let whereIndex = numkeysIndex + Int(numkeys) + 1
        guard whereIndex < call.count else { throw .syntax }
        let end: End
        if call.keyword(whereIndex, "MIN") {
            end = .min
        } else if call.keyword(whereIndex, "MAX") {
            end = .max
        } else {
            throw .syntax
        }
        var count = -1
        var j = whereIndex + 1
        while j < call.count {
            guard count == -1 && call.keyword(j, "COUNT") && j + 1 < call.count else { throw .syntax }
            let n = try call.int(j + 1, error: .countNotPositive)
            guard n >= 1 else { throw .countNotPositive }
            count = Int(n)
            j += 2
        }
        let keys = ((numkeysIndex + 1)..<whereIndex).map { call.bytes($0) }
        return (keys, end, count == -1 ? 1 : count)
    }

    /// `[key, [[member, score], ...]]`, the same in both protocols.
    static func replyKeyAndEntries(_ call: inout Call, _ key: Bytes, _ popped: [ZEntry]) {
        call.reply.arrayHeader(2)
        call.reply.bulk(key)
        call.reply.arrayHeader(popped.count)
        for e in popped {
            call.reply.arrayHeader(2)
            call.reply.memberAndScore(e)
        }
    }

    /// ZMPOP: pops from the first key that exists (a wrong type there is an error), and is
    /// propagated as ZPOPMIN/ZPOPMAX with the number actually popped.
    static func zmpop(_ call: inout Call) throws(RedisError) {
        let (keys, end, count) = try mpopArguments(call, numkeysIndex: 1)
        for key in keys {
            guard let zset = try call.readSortedSet(key, forWrite: true) else { continue }
            let popped = take(call, key, zset, end, count)
            replyKeyAndEntries(&call, key, popped)
            call.propagation = [[end.command, key, Bytes(Int64(popped.count))]]
            return
        }
        call.reply.nullArray()
    }

    static func bzpop(_ call: inout Call, _ end: End) throws(RedisError) {
        let timeoutMs = try ListCommands.timeout(call, call.count - 1)
        let keys = (1..<(call.count - 1)).map { call.bytes($0) }
        try serveOrBlock(&call, keys: keys, end: end, count: nil, timeoutMs: timeoutMs)
    }

    /// BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: the timeout is checked
    /// after the other arguments, as in Redis.
    static func bzmpop(_ call: inout Call) throws(RedisError) {
        let (keys, end, count) = try mpopArguments(call, numkeysIndex: 2)
        let timeoutMs = try ListCommands.timeout(call, 1)
        try serveOrBlock(&call, keys: keys, end: end, count: count, timeoutMs: timeoutMs)
    }

    /// Serves from the first non-empty key, or blocks. When re-run because a key became
    /// ready, only that key is served (Redis serves the ready key, not the first in order),
    /// and a key of another type leaves the client waiting instead of failing.
    /// `count` is nil for BZPOPMIN/BZPOPMAX (flat `[key, member, score]` reply).
    static func serveOrBlock(
        _ call: inout Call, keys: [Bytes], end: End, count: Int?, timeoutMs: Int64
    ) throws(RedisError) {
        let retrying = call.client.retryingBlocked
        let candidates = retrying ? (call.client.readyKey.map { [$0] } ?? keys) : keys
        for key in candidates {
            let found: SortedSetObject?
            if retrying {
                guard case .zset(let z)? = call.lookupWrite(key) else { continue }
                found = z
            } else {
                found = try call.readSortedSet(key, forWrite: true)
            }
            guard let zset = found, zset.count > 0 else { continue }
            let popped = take(call, key, zset, end, count ?? 1)
            if count != nil {
                replyKeyAndEntries(&call, key, popped)
                call.propagation = [[end.command, key, Bytes(Int64(popped.count))]]
            } else {
                call.reply.arrayHeader(3)
                call.reply.bulk(key)
                call.reply.memberAndScore(popped[0])
                call.propagation = [[end.command, key]]
            }
            call.node.blocking.unblock(call.client)
            return
        }
        try ListCommands.wait(&call, keys: keys, timeoutMs: timeoutMs, nullArray: true)
    }
}
