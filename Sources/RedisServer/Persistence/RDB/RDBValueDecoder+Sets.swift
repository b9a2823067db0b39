/// Sets: members (type 2) or an intset (11).
extension RDBValueDecoder {
    /// Type 2: an intset while every member is an integer and there are few enough,
    /// otherwise a hash table (`rdbLoadObject`'s RDB_TYPE_SET branch).
    func readSet(_ r: inout RDBReader) throws(RDBError) -> RedisValue? {
        let n = try r.length("set size")
        if n == 0 { return nil }
        let maxIntset = min(limits.setMaxIntsetEntries, 1 << 30)
        var ints: [Int64] = []
        var table: HashTable<Bytes, Void>? = n > maxIntset ? HashTable(minimumCapacity: Self.reservation(n, r)) : nil
        for _ in 0..<n {
            let at = r.offset
            let member = try r.string("a set member")
            if table == nil, let v = member.int64 {
                ints.append(v)
                continue
            }
            if table == nil {
                var t = HashTable<Bytes, Void>(minimumCapacity: Self.reservation(n, r) + ints.count)
                for v in ints {
                    guard t.set(Bytes(v), ()) else { throw r.error("duplicate set member '\(v)'", at: at) }
                }
                table = t
            }
            guard table!.index(of: member) == nil else { throw r.error("duplicate set member '\(member)'", at: at) }
            table!.insertNew(member, ())
        }
        let set = SetObject()
        if let table {
            set.storage = .table(table)
        } else {
            ints.sort()
            for i in ints.indices.dropFirst() where ints[i] == ints[i - 1] {
                throw r.error("duplicate set member '\(ints[i])'")
            }
            set.storage = .intset(ints)
        }
        return .set(set)
    }

    /// Type 11: an intset, kept unless it has more members than `set-max-intset-entries`.
    func readIntset(_ r: inout RDBReader) throws(RDBError) -> RedisValue? {
        let start = r.offset
        let ints = try r.blob("an intset") { (raw, base) throws(RDBError) in
            try structure("intset", at: start, base) { () throws(StructureError) in try Intset.decode(raw) }
        }
        let set = SetObject()
        set.storage = .intset(ints)
        if ints.count > limits.setMaxIntsetEntries { set.convertToTable() }
        return .set(set)
    }
}
