/// Lookups of single members and of the size: ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK.
enum ZMemberCommands {
    static func zcard(_ call: inout Call) throws(RedisError) {
        call.reply.integer(try call.readSortedSet(call.bytes(1))?.count ?? 0)
    }

    static func zscore(_ call: inout Call) throws(RedisError) {
        guard let zset = try call.readSortedSet(call.bytes(1)), let score = zset.score(of: call.bytes(2)) else {
            call.reply.null()
            return
        }
        call.reply.double(score)
    }

    /// A missing key answers as an empty set: one null per member.
    static func zmscore(_ call: inout Call) throws(RedisError) {
        let zset = try call.readSortedSet(call.bytes(1))
        call.reply.arrayHeader(call.count - 2)
        for i in 2..<call.count {
            if let score = zset?.score(of: call.bytes(i)) { call.reply.double(score) } else { call.reply.null() }
        }
    }

    static func rank(_ call: inout Call, reverse: Bool) throws(RedisError) {
        guard let zset = try call.readSortedSet(call.bytes(1)), let rank = zset.rank(of: call.bytes(2), reverse: reverse)
        else {
            call.reply.null()
            return
        }
        call.reply.integer(rank)
    }
}
