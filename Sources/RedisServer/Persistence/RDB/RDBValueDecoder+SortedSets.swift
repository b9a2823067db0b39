/// Sorted sets: members with text (3) or binary (5) scores, ziplist (12) or listpack (17).
extension RDBValueDecoder {
    /// Types 3 and 5: member/score pairs in any order; a listpack afterwards when small
    /// enough in count and member length, a skiplist otherwise.
    func readSortedSet(_ r: inout RDBReader, binaryScores: Bool) throws(RDBError) -> RedisValue? {
        let n = try r.length("sorted set size")
        if n == 0 { return nil }
        var seen = HashTable<Bytes, Double>(minimumCapacity: Self.reservation(n, r))
        var entries: [ZEntry] = []
        entries.reserveCapacity(Self.reservation(n, r))
        var longest = 0
        var total = 0
        for _ in 0..<n {
            let at = r.offset
            let member = try r.string("a sorted set member")
            let scoreAt = r.offset
            let score = binaryScores ? try r.binaryDouble() : try r.legacyDouble()
            if score.isNaN { throw r.error("sorted set score is NaN", at: scoreAt) }
            guard seen.index(of: member) == nil else { throw r.error("duplicate sorted set member '\(member)'", at: at) }
            seen.insertNew(member, score)
            entries.append(ZEntry(score: score, member: member))
            longest = max(longest, member.count)
            total += member.count
        }
        let small = entries.count <= limits.zsetMaxListpackEntries && longest <= limits.zsetMaxListpackValue
            && total <= RDBFormat.listpackSafetyLimit
        return .zset(makeSortedSet(entries, skiplist: !small))
    }

    /// Types 12 and 17: member/score pairs in a ziplist or listpack; kept compact unless it
    /// has more members than `zset-max-listpack-entries`.
    func readPackedSortedSet(_ r: inout RDBReader, ziplist: Bool) throws(RDBError) -> RedisValue? {
        let start = r.offset
        let what = ziplist ? "sorted set ziplist" : "sorted set listpack"
        let entries = try r.blob("a \(what)") { (raw, base) throws(RDBError) -> [ZEntry] in
            try structure(what, at: start, base) { () throws(StructureError) -> [ZEntry] in
                try Self.pairs(raw, ziplist: ziplist) { member, score throws(StructureError) in
                    let value: Double
                    switch score.element {
                    case .int(let v): value = Double(v)
                    case .string(let text):
                        guard let d = CNumber.parseDouble(text) else {
                            throw StructureError(score.position, "invalid score '\(String(decoding: text, as: UTF8.self))'")
                        }
                        value = d
                    }
                    if value.isNaN { throw StructureError(score.position, "sorted set score is NaN") }
                    return ZEntry(score: value, member: member)
                }
            }
        }
        if entries.isEmpty { return nil }
        return .zset(makeSortedSet(entries, skiplist: entries.count > limits.zsetMaxListpackEntries))
    }

    func makeSortedSet(_ entries: [ZEntry], skiplist: Bool) -> SortedSetObject {
        let zset = SortedSetObject()
        zset.ordered = SortedEntries(sorted: entries.sorted())
        if skiplist { zset.convertToSkiplist() }
        return zset
    }
}
