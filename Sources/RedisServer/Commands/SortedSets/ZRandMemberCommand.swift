/// ZRANDMEMBER key [count [WITHSCORES]], with Redis's four sampling strategies (which decide
/// the order of the reply as well as its content).
enum ZRandMemberCommand {
    static let countRange = RedisError(
        "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")

    static func run(_ call: inout Call) throws(RedisError) {
        if call.count >= 3 {
            let requested = try call.int(2)
            guard requested != Int64.min else { throw countRange }
            if call.count > 4 || (call.count == 4 && !call.keyword(3, "WITHSCORES")) { throw .syntax }
            let withScores = call.count == 4
            if withScores && (requested < -(Int64.max / 2) || requested > Int64.max / 2) {
                throw RedisError("ERR value is out of range")
            }
            try withCount(&call, requested, withScores: withScores)
            return
        }
        guard let zset = try call.readSortedSet(call.bytes(1)), let e = zset.randomEntry(using: &call.node.random)
        else {
            call.reply.null()
            return
        }
        call.reply.bulk(e.member)
    }

    static func withCount(_ call: inout Call, _ requested: Int64, withScores: Bool) throws(RedisError) {
        guard let zset = try call.readSortedSet(call.bytes(1)), requested != 0 else {
            call.reply.arrayHeader(0)
            return
        }
        let count = Int(requested.magnitude)
        let size = zset.count
        let pairs = withScores && call.reply.version == .v3

        func emit(_ e: ZEntry) {
            if pairs { call.reply.arrayHeader(2) }
            call.reply.bulk(e.member)
            if withScores { call.reply.double(e.score) }
        }

        // Negative count (or 1): independent draws, repetitions allowed.
        if requested < 0 || count == 1 {
            call.reply.arrayHeader(withScores && !pairs ? count * 2 : count)
            for _ in 0..<count { emit(zset.entry(at: Int.random(in: 0..<size, using: &call.node.random))) }
            return
        }
        let n = min(count, size)
        call.reply.arrayHeader(withScores && !pairs ? n * 2 : n)
        if count >= size {
            // The whole set, highest first (Redis's set-operation iterator walks backwards).
            zset.ordered.walk(from: size - 1, reverse: true) { e in
                emit(e)
                return true
            }
        } else if count * 3 > size {
            // Most of the set: Redis copies it into a dict and drops random members, then
            // replies in the dict's (unordered) iteration order.
            var all = zset.ordered.all
            all.shuffle(using: &call.node.random)
            for e in all.prefix(count) { emit(e) }
        } else if zset.isListpack {
            // `lpRandomPairsUnique`: a selection sample, so the picks keep the set's order.
            var needed = count
            var rank = 0
            zset.ordered.walk(from: 0) { e in
                if Int.random(in: 0..<(size - rank), using: &call.node.random) < needed {
                    emit(e)
                    needed -= 1
                }
                rank += 1
                return needed > 0
            }
        } else {
            // Random draws, keeping the first occurrence of each member.
            var seen = Set<Bytes>()
            while seen.count < count {
                let e = zset.entry(at: Int.random(in: 0..<size, using: &call.node.random))
                if seen.insert(e.member).inserted { emit(e) }
            }
        }
    }
}
