/// SINTER / SMEMBERS / SINTERCARD / SINTERSTORE and SUNION / SDIFF with their STORE forms.
extension SetCommands {
    enum IntersectionMode {
        case reply
        case cardinality(limit: Int)
        case store(Bytes)
    }

    /// The sets under `keys`, nil for missing ones; the first wrong type is an error.
    static func sources(_ call: Call, _ keys: Range<Int>) throws(RedisError) -> [SetObject?] {
        var sets: [SetObject?] = []
        sets.reserveCapacity(keys.count)
        for i in keys { sets.append(try call.readSet(call.bytes(i))) }
        return sets
    }

    static func intersection(_ call: inout Call, keys: Range<Int>, mode: IntersectionMode) throws(RedisError) {
        let found = try sources(call, keys)
        var members: [Bytes] = []
        if !found.contains(where: { $0 == nil }) {
            // Walk the smallest set, probing the others.
            let sets = found.map { $0! }.sorted { $0.count < $1.count }
            let smallest = sets[0]
            var limit = Int.max
            if case .cardinality(let l) = mode, l > 0 { limit = l }
            smallest.forEach { member in
                guard members.count < limit else { return }
                for other in sets.dropFirst() where other !== smallest && !other.contains(member) { return }
                members.append(member)
            }
        }
        switch mode {
        case .reply:
            call.reply.setHeader(members.count)
            for m in members { call.reply.bulk(m) }
        case .cardinality:
            call.reply.integer(members.count)
        case .store(let destination):
            store(&call, members, at: destination)
        }
    }

    /// SINTERCARD numkeys key [key ...] [LIMIT limit]
    static func sintercard(_ call: inout Call) throws(RedisError) {
        let numkeysError = RedisError("ERR numkeys should be greater than 0")
        let numkeys = try call.int(1, error: numkeysError)
        guard numkeys >= 1 else { throw numkeysError }
        guard numkeys <= Int64(call.count - 2) else {
            throw RedisError("ERR Number of keys can't be greater than number of args")
        }
        let firstOption = 2 + Int(numkeys)
        var limit: Int64 = 0
        var i = firstOption
        while i < call.count {
            guard call.keyword(i, "LIMIT") && i + 1 < call.count else { throw .syntax }
            let limitError = RedisError("ERR LIMIT can't be negative")
            limit = try call.int(i + 1, error: limitError)
            guard limit >= 0 else { throw limitError }
            i += 2
        }
        try intersection(&call, keys: 2..<firstOption, mode: .cardinality(limit: Int(limit)))
    }

    static func unionOrDifference(
        _ call: inout Call, keys: Range<Int>, difference: Bool, destination: Bytes?
    ) throws(RedisError) {
        let sets = try sources(call, keys)
        var members: [Bytes] = []
        if !difference {
            for set in sets { set?.forEach { members.append($0) } }
        } else if let first = sets[0], !sets.dropFirst().contains(where: { $0 === first }) {
            // A later key naming the first set itself empties the difference.
            let others = sets.dropFirst().compactMap { $0 }
            first.forEach { member in
                if !others.contains(where: { $0.contains(member) }) { members.append(member) }
            }
        }
        if let destination {
            store(&call, members, at: destination)
            return
        }
        // The reply walks a freshly built set, so small integer results come out sorted.
        let result = SetObject(members: members, limits: call.node.config.encoding)
        call.reply.setHeader(result.count)
        result.forEach { call.reply.bulk($0) }
    }

    /// The STORE forms: the result replaces `destination` (dropping its TTL), an empty one
    /// deletes it; the reply is the result's size.
    static func store(_ call: inout Call, _ members: [Bytes], at destination: Bytes) {
        let result = SetObject(members: members, limits: call.node.config.encoding)
        if result.count > 0 {
            call.setKey(destination, .set(result))
            call.dirty()
            call.reply.integer(result.count)
        } else {
            call.reply.integer(0)
            if call.deleteKey(destination) { call.dirty() }
        }
    }
}
