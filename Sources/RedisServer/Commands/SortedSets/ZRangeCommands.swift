/// ZRANGE and the commands it subsumes (ZREVRANGE, Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX),
/// ZRANGESTORE, ZCOUNT and ZLEXCOUNT — Redis's `zrangeGenericCommand` and its handlers.
enum ZRangeCommands {
    enum Kind { case auto, rank, score, lex }
    enum Direction { case auto, forward, reverse }

    /// `<key> <min> <max> [BYSCORE|BYLEX] [REV] [WITHSCORES] [LIMIT offset count]` starting at
    /// `keyIndex`; with `store`, the result goes to the key at `args[1]` (ZRANGESTORE).
    static func run(_ call: inout Call, keyIndex: Int, store: Bool, kind: Kind, direction: Direction) throws(RedisError) {
        var kind = kind
        var direction = direction
        var withScores = false
        var offset: Int64 = 0
        var limit: Int64 = -1
        var j = keyIndex + 3
        while j < call.count {
            let left = call.count - j - 1
            if !store && call.keyword(j, "WITHSCORES") {
                withScores = true
            } else if call.keyword(j, "LIMIT") && left >= 2 {
                offset = try call.int(j + 1)
                limit = try call.int(j + 2)
                j += 2
            } else if direction == .auto && call.keyword(j, "REV") {
                direction = .reverse
            } else if kind == .auto && call.keyword(j, "BYLEX") {
                kind = .lex
            } else if kind == .auto && call.keyword(j, "BYSCORE") {
                kind = .score
            } else {
                throw .syntax
            }
            j += 1
        }
        if direction == .auto { direction = .forward }
        if kind == .auto { kind = .rank }
        // Only an explicit limit counts: `LIMIT 0 -1` passes with a rank range, as in Redis.
        if limit != -1 && kind == .rank {
            throw RedisError("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
        }
        if withScores && kind == .lex {
            throw RedisError("ERR syntax error, WITHSCORES not supported in combination with BYLEX")
        }
        let reverse = direction == .reverse
        // By score or lex, a reversed range is given as `max min`.
        let (minIndex, maxIndex) = reverse && kind != .rank ? (keyIndex + 2, keyIndex + 1) : (keyIndex + 1, keyIndex + 2)

        enum Parsed {
            case rank(Int64, Int64)
            case score(ScoreInterval)
            case lex(LexInterval)
        }
        let parsed: Parsed
        switch kind {
        case .score: parsed = .score(try ZRangeSpec.scores(call, min: minIndex, max: maxIndex))
        case .lex: parsed = .lex(try ZRangeSpec.lex(call, min: minIndex, max: maxIndex))
        default: parsed = .rank(try call.int(minIndex), try call.int(maxIndex))
        }

        guard let zset = try call.readSortedSet(call.bytes(keyIndex)) else {
            if store { storeResult(&call, [], skiplist: false, descending: false) } else { call.reply.arrayHeader(0) }
            return
        }
        let entries: [ZEntry]
        var knownLength = -1
        switch parsed {
        case .rank(let start, let end):
            entries = byRank(zset, start, end, reverse: reverse)
            knownLength = entries.count
        case .score(let interval):
            entries = zset.select(interval, reverse: reverse, offset: clamp(offset), limit: clamp(limit))
        case .lex(let interval):
            entries = zset.select(interval, reverse: reverse, offset: clamp(offset), limit: clamp(limit))
        }
        if store {
            // `zrangeResultBeginStore`: a skiplist from the start only when the length is
            // known (by rank) to exceed the listpack limit.
            let skiplist = knownLength > call.node.config.encoding.zsetMaxListpackEntries
            storeResult(&call, entries, skiplist: skiplist, descending: reverse)
        } else {
            call.reply.sortedEntries(entries, withScores: withScores)
        }
    }

    static func clamp(_ v: Int64) -> Int { Int(truncatingIfNeeded: v) }

    /// Z[REV]RANGE by rank, with Redis's index normalisation.
    static func byRank(_ zset: SortedSetObject, _ start: Int64, _ end: Int64, reverse: Bool) -> [ZEntry] {
        guard let r = ListCommands.normalizedRange(start, end, count: zset.count) else { return [] }
        if !reverse { return zset.ordered.entries(in: r) }
        let n = zset.count
        return zset.ordered.entries(in: (n - r.upperBound)..<(n - r.lowerBound), reversed: true)
    }

    /// ZRANGESTORE's destination: the entries added one by one as `zsetAdd` would (so the
    /// encoding follows the listpack limits), or nothing — and the key deleted — when empty.
    static func storeResult(_ call: inout Call, _ entries: [ZEntry], skiplist: Bool, descending: Bool) {
        let destination = call.bytes(1)
        guard !entries.isEmpty else {
            call.reply.integer(0)
            if call.deleteKey(destination) { call.dirty() }
            return
        }
        let zset: SortedSetObject
        if skiplist {
            zset = SortedSetObject(sorted: descending ? entries.reversed() : entries, skiplist: true)
        } else {
            zset = SortedSetObject()
            for e in entries { zset.set(e.member, score: e.score, limits: call.node.config.encoding) }
        }
        call.setKey(destination, .zset(zset))
        call.reply.integer(entries.count)
        call.dirty()
    }

    static func zcount(_ call: inout Call) throws(RedisError) {
        let interval = try ZRangeSpec.scores(call, min: 2, max: 3)
        call.reply.integer(try call.readSortedSet(call.bytes(1))?.countInRange(interval) ?? 0)
    }

    static func zlexcount(_ call: inout Call) throws(RedisError) {
        let interval = try ZRangeSpec.lex(call, min: 2, max: 3)
        call.reply.integer(try call.readSortedSet(call.bytes(1))?.countInRange(interval) ?? 0)
    }
}
