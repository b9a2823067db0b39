/// ZADD and ZINCRBY (Redis's `zaddGenericCommand`): ZINCRBY is ZADD with INCR set, and
/// goes through the same option parser (so `ZINCRBY key nx member` is a syntax error).
enum ZAddCommand {
    struct Options {
        var nx = false
        var xx = false
        var gt = false
        var lt = false
        var ch = false
        var incr = false
    }

    /// What `zsetAdd` did to one member.
    enum Outcome {
        case added(Double)
        case updated(Double)
        /// Present with the same score: counts as processed, not as a change.
        case unchanged(Double)
        /// Skipped by NX/XX/GT/LT.
        case skipped
    }

    static func run(_ call: inout Call, incr: Bool) throws(RedisError) {
        var options = Options()
        options.incr = incr
        var scoreIndex = 2
        while scoreIndex < call.count {
            if call.keyword(scoreIndex, "NX") {
                options.nx = true
            } else if call.keyword(scoreIndex, "XX") {
                options.xx = true
            } else if call.keyword(scoreIndex, "CH") {
                options.ch = true
            } else if call.keyword(scoreIndex, "INCR") {
                options.incr = true
            } else if call.keyword(scoreIndex, "GT") {
                options.gt = true
            } else if call.keyword(scoreIndex, "LT") {
                options.lt = true
            } else {
                break
            }
            scoreIndex += 1
        }
        let remaining = call.count - scoreIndex
        guard remaining > 0 && remaining % 2 == 0 else { throw .syntax }
        let pairs = remaining / 2
        if options.nx && options.xx {
            throw RedisError("ERR XX and NX options at the same time are not compatible")
        }
        if (options.gt && options.nx) || (options.lt && options.nx) || (options.gt && options.lt) {
            throw RedisError("ERR GT, LT, and/or NX options at the same time are not compatible")
        }
        if options.incr && pairs > 1 {
            throw RedisError("ERR INCR option supports a single increment-element pair")
        }
        // Every score is checked before anything changes: all or nothing.
        var scores: [Double] = []
        scores.reserveCapacity(pairs)
        for j in 0..<pairs { scores.append(try call.double(scoreIndex + 2 * j)) }

        let key = call.bytes(1)
        var target = try call.readSortedSet(key, forWrite: true)
        if target == nil && !options.xx {
            let created = SortedSetObject()
            call.addKey(key, .zset(created))
            target = created
        }
        var added = 0
        var updated = 0
        var processed = 0
        var lastScore = 0.0
        if let zset = target {
            let limits = call.node.config.encoding
            for j in 0..<pairs {
                let outcome = try apply(zset, call.bytes(scoreIndex + 2 * j + 1), scores[j], options, limits)
                tally(outcome, &added, &updated, &processed, &lastScore)
            }
        }
        if added + updated > 0 { call.modified(key) }
        call.dirty(added + updated)
        if options.incr {
            if processed > 0 { call.reply.double(lastScore) } else { call.reply.null() }
        } else {
            call.reply.integer(options.ch ? added + updated : added)
        }
    }

    static func tally(
        _ outcome: Outcome, _ added: inout Int, _ updated: inout Int, _ processed: inout Int, _ score: inout Double
    ) {
        switch outcome {
        case .added(let s):
            added += 1
            processed += 1
            score = s
        case .updated(let s):
            updated += 1
            processed += 1
            score = s
        case .unchanged(let s):
            processed += 1
            score = s
        case .skipped:
            break
        }
    }

    /// `zsetAdd`: one member with the NX/XX/GT/LT/INCR rules. Throws on a NaN result.
    static func apply(
        _ zset: SortedSetObject, _ member: Bytes, _ given: Double, _ options: Options, _ limits: EncodingLimits
    ) throws(RedisError) -> Outcome {
        guard let current = zset.score(of: member) else {
            if options.xx { return .skipped }
            zset.set(member, score: given, limits: limits)
            return .added(given)
        }
        if options.nx { return .skipped }
        var score = given
        if options.incr {
            score += current
            if score.isNaN { throw .zaddNaN }
        }
        if (options.lt && score >= current) || (options.gt && score <= current) { return .skipped }
        if score == current { return .unchanged(score) }
        zset.set(member, score: score, limits: limits)
        return .updated(score)
    }
}
