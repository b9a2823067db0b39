import DequeModule

/// Reads one value of a given RDB type (`rdbLoadObject`) and chooses its in-memory encoding
/// as Redis 7.0 does after loading. Encoded blobs (listpacks, ziplists, intsets, zipmaps)
/// are always validated deeply, duplicates included, so a corrupt payload is an error.
struct RDBValueDecoder {
    let limits: EncodingLimits

    /// The value, or nil for an empty collection (which Redis skips when loading a file and
    /// refuses in RESTORE).
    func read(type: UInt8, typeOffset: Int, from r: inout RDBReader) throws(RDBError) -> RedisValue? {
        typealias T = RDBFormat.ValueType
        switch type {
        case T.string:
            return .string(try r.string("a string value"))
        case T.list:
            return try readPlainList(&r)
        case T.set:
            return try readSet(&r)
        case T.zset, T.zset2:
            return try readSortedSet(&r, binaryScores: type == T.zset2)
        case T.hash:
            return try readHash(&r)
        case T.listQuicklist, T.listQuicklist2:
            return try readQuicklist(&r, listpackNodes: type == T.listQuicklist2)
        case T.hashZipmap:
            return try readZipmap(&r)
        case T.listZiplist:
            return try readZiplistList(&r)
        case T.setIntset:
            return try readIntset(&r)
        case T.zsetZiplist, T.zsetListpack:
            return try readPackedSortedSet(&r, ziplist: type == T.zsetZiplist)
        case T.hashZiplist, T.hashListpack:
            return try readPackedHash(&r, ziplist: type == T.hashZiplist)
        case T.streamListpacks, T.streamListpacks2:
            throw r.error("streams (RDB type \(type)) are not supported", at: typeOffset, kind: .unsupported)
        case T.module, T.module2:
            throw r.error("module values (RDB type \(type)) are not supported", at: typeOffset, kind: .unsupported)
        default:
            throw r.error("unknown value type \(type)", at: typeOffset)
        }
    }

    /// Room to reserve for a collection that claims `n` elements: never more than the bytes
    /// left (each element takes at least one) nor 64K, so a lying count cannot make us
    /// allocate more than the data would fill.
    static func reservation(_ n: Int, _ r: RDBReader) -> Int {
        min(n, r.remaining, 1 << 16)
    }

    // MARK: Lists

    /// Type 1: a count, then the elements as strings.
    func readPlainList(_ r: inout RDBReader) throws(RDBError) -> RedisValue? {
        let n = try r.length("list length")
        if n == 0 { return nil }
        var items = Deque<Bytes>()
        items.reserveCapacity(Self.reservation(n, r))
        for _ in 0..<n { items.append(try r.string("a list element")) }
        return .list(ListObject(items))
    }

    /// Types 14 and 18: nodes that are ziplists (14) or listpacks / plain elements (18).
    func readQuicklist(_ r: inout RDBReader, listpackNodes: Bool) throws(RDBError) -> RedisValue? {
        let nodeCount = try r.length("quicklist node count")
        if nodeCount == 0 { return nil }
        var items = Deque<Bytes>()
        for _ in 0..<nodeCount {
            var container = RDBFormat.Container.packed
            if listpackNodes {
                let at = r.offset
                let c = try r.length("quicklist container")
                guard c == RDBFormat.Container.packed || c == RDBFormat.Container.plain else {
                    throw r.error("unknown quicklist container \(c)", at: at)
                }
                container = UInt64(c)
            }
            let start = r.offset
            try r.blob("a quicklist node") { (raw, base) throws(RDBError) in
                guard raw.count > 0 else { throw RDBError(offset: start, "empty quicklist node") }
                if container == RDBFormat.Container.plain {
                    items.append(Bytes(raw))
                } else if listpackNodes {
                    try structure("listpack", at: start, base) { () throws(StructureError) in
                        try Listpack.forEach(raw) { e, _ in items.append(e.bytes) }
                    }
                } else {
                    try structure("ziplist", at: start, base) { () throws(StructureError) in
                        try Ziplist.forEach(raw) { e, _ in items.append(e.bytes) }
                    }
                }
            }
        }
        // Empty nodes are skipped; a list left with nothing is an empty key.
        return items.isEmpty ? nil : .list(ListObject(items))
    }

    /// Type 10: the whole list in one ziplist.
    func readZiplistList(_ r: inout RDBReader) throws(RDBError) -> RedisValue? {
        var items = Deque<Bytes>()
        let start = r.offset
        try r.blob("a ziplist") { (raw, base) throws(RDBError) in
            try structure("list ziplist", at: start, base) { () throws(StructureError) in
                try Ziplist.forEach(raw) { e, _ in items.append(e.bytes) }
            }
        }
        return items.isEmpty ? nil : .list(ListObject(items))
    }

    // MARK: Sets

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

    // MARK: Sorted sets

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

    // MARK: Hashes

    /// Type 4: a listpack while within `hash-max-listpack-entries` and every field and value
    /// within `hash-max-listpack-value`, else a hash table.
    func readHash(_ r: inout RDBReader) throws(RDBError) -> RedisValue? {
        let n = try r.length("hash size")
        if n == 0 { return nil }
        var pairs: [(field: Bytes, value: Bytes)] = []
        var fields = HashTable<Bytes, Void>()
        var table: HashTable<Bytes, Bytes>? = n > limits.hashMaxListpackEntries
            ? HashTable(minimumCapacity: Self.reservation(n, r)) : nil
        var packedBytes = 0
        for _ in 0..<n {
            let at = r.offset
            let field = try r.string("a hash field")
            let value = try r.string("a hash value")
            if table == nil {
                packedBytes += field.count + value.count
                if field.count <= limits.hashMaxListpackValue && value.count <= limits.hashMaxListpackValue
                    && packedBytes <= RDBFormat.listpackSafetyLimit
                {
                    guard fields.index(of: field) == nil else { throw r.error("duplicate hash field '\(field)'", at: at) }
                    fields.insertNew(field, ())
                    pairs.append((field, value))
                    continue
                }
                var t = HashTable<Bytes, Bytes>(minimumCapacity: Self.reservation(n, r) + pairs.count)
                for p in pairs { t.insertNew(p.field, p.value) }
                table = t
                pairs = []
                fields = HashTable()
            }
            guard table!.index(of: field) == nil else { throw r.error("duplicate hash field '\(field)'", at: at) }
            table!.insertNew(field, value)
        }
        if let table { return .hash(HashObject(table: table)) }
        let hash = HashObject()
        hash.storage = .listpack(pairs)
        return .hash(hash)
    }

    /// Types 13 and 16: field/value pairs in a ziplist or listpack; kept compact unless it
    /// has more fields than `hash-max-listpack-entries`.
    func readPackedHash(_ r: inout RDBReader, ziplist: Bool) throws(RDBError) -> RedisValue? {
        let start = r.offset
        let what = ziplist ? "hash ziplist" : "hash listpack"
        let pairs = try r.blob("a \(what)") { (raw, base) throws(RDBError) -> [(field: Bytes, value: Bytes)] in
            try structure(what, at: start, base) { () throws(StructureError) -> [(field: Bytes, value: Bytes)] in
                try Self.pairs(raw, ziplist: ziplist) { field, value throws(StructureError) in (field, value.element.bytes) }
            }
        }
        if pairs.isEmpty { return nil }
        return .hash(makeHash(pairs, table: pairs.count > limits.hashMaxListpackEntries))
    }

    /// Type 9: a zipmap, converted as Redis does (a hash table when it has too many fields or
    /// a field or value longer than `hash-max-listpack-value`).
    func readZipmap(_ r: inout RDBReader) throws(RDBError) -> RedisValue? {
        let start = r.offset
        let pairs = try r.blob("a zipmap") { (raw, base) throws(RDBError) -> [(field: Bytes, value: Bytes)] in
            try structure("zipmap", at: start, base) { () throws(StructureError) -> [(field: Bytes, value: Bytes)] in
                let pairs = try Zipmap.pairs(raw)
                var seen = HashTable<Bytes, Void>(minimumCapacity: pairs.count)
                var total = 0
                for p in pairs {
                    guard seen.index(of: p.field) == nil else { throw StructureError(0, "duplicate zipmap field '\(p.field)'") }
                    seen.insertNew(p.field, ())
                    total += p.field.count + p.value.count
                    guard total <= RDBFormat.listpackSafetyLimit else { throw StructureError(0, "zipmap too large") }
                }
                return pairs
            }
        }
        let longest = pairs.reduce(0) { max($0, $1.field.count, $1.value.count) }
        return .hash(makeHash(pairs, table: pairs.count > limits.hashMaxListpackEntries || longest > limits.hashMaxListpackValue))
    }

    func makeHash(_ pairs: [(field: Bytes, value: Bytes)], table: Bool) -> HashObject {
        let hash = HashObject()
        hash.storage = .listpack(pairs)
        if table { hash.convertToTable() }
        return hash
    }

    // MARK: Encoded structures

    /// An element with its position in the blob (for error messages).
    struct Located {
        var element: PackedElement
        var position: Int
    }

    /// The elements of a ziplist or listpack taken as (name, second) pairs: an even count,
    /// names unique (`lpPairsValidateIntegrityAndDups`, `ziplistPairsConvertAndValidateIntegrity`).
    static func pairs<P>(
        _ raw: UnsafeRawBufferPointer, ziplist: Bool,
        _ make: (Bytes, Located) throws(StructureError) -> P
    ) throws(StructureError) -> [P] {
        var out: [P] = []
        var names = HashTable<Bytes, Void>()
        var pendingName: Bytes?
        var index = 0
        let visit = { (element: PackedElement, position: Int) throws(StructureError) -> Void in
            defer { index += 1 }
            if let name = pendingName {
                out.append(try make(name, Located(element: element, position: position)))
                pendingName = nil
            } else {
                let name = element.bytes
                guard names.index(of: name) == nil else { throw StructureError(position, "duplicate name '\(name)' (element \(index))") }
                names.insertNew(name, ())
                pendingName = name
            }
        }
        if ziplist { try Ziplist.forEach(raw, visit) } else { try Listpack.forEach(raw, visit) }
        if pendingName != nil { throw StructureError(raw.count - 1, "odd number of elements in a pairs structure") }
        return out
    }

    /// Runs a structure parser, turning its `StructureError` into an `RDBError` at a file
    /// offset: exact when the blob was stored raw, the string's start when it was compressed.
    func structure<R>(
        _ what: String, at start: Int, _ base: Int?, _ body: () throws(StructureError) -> R
    ) throws(RDBError) -> R {
        do {
            return try body()
        } catch {
            if let base {
                throw RDBError(offset: base + error.position, "invalid \(what): \(error.reason)")
            }
            throw RDBError(offset: start, "invalid \(what) (LZF-compressed, byte \(error.position)): \(error.reason)")
        }
    }
}
