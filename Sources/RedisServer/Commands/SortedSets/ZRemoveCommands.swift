/// ZREM and ZREMRANGEBYRANK / ZREMRANGEBYSCORE / ZREMRANGEBYLEX.
enum ZRemoveCommands {
    static func zrem(_ call: inout Call) throws(RedisError) {
        let key = call.bytes(1)
        guard let zset = try call.readSortedSet(key, forWrite: true) else {
            call.reply.integer(0)
            return
        }
        var deleted = 0
        for i in 2..<call.count {
            if zset.remove(call.bytes(i)) { deleted += 1 }
            // The rest of the arguments are not even looked at once the set is gone.
            if zset.count == 0 {
                call.deleteKey(key)
                break
            }
        }
        if deleted > 0 {
            call.modified(key)
            call.dirty(deleted)
        }
        call.reply.integer(deleted)
    }

    enum RangeKind { case rank, score, lex }

    /// `zremrangeGenericCommand`: the range is parsed before the key is looked up.
    static func removeRange(_ call: inout Call, _ kind: RangeKind) throws(RedisError) {
        enum Parsed {
            case rank(Int64, Int64)
            case score(ScoreInterval)
            case lex(LexInterval)
        }
        let parsed: Parsed
        switch kind {
        case .rank: parsed = .rank(try call.int(2), try call.int(3))
        case .score: parsed = .score(try ZRangeSpec.scores(call, min: 2, max: 3))
        case .lex: parsed = .lex(try ZRangeSpec.lex(call, min: 2, max: 3))
        }
        let key = call.bytes(1)
        guard let zset = try call.readSortedSet(key, forWrite: true) else {
            call.reply.integer(0)
            return
        }
        let ranks: Range<Int>
        switch parsed {
        case .rank(let start, let end): ranks = ListCommands.normalizedRange(start, end, count: zset.count) ?? 0..<0
        case .score(let interval): ranks = zset.ranks(in: interval)
        case .lex(let interval): ranks = zset.ranks(in: interval)
        }
        zset.removeRanks(ranks)
        if zset.count == 0 { call.deleteKey(key) }
        if !ranks.isEmpty {
            call.modified(key)
            call.dirty(ranks.count)
        }
        call.reply.integer(ranks.count)
    }
}
