/// Hashes: pairs (type 4), zipmap (9), ziplist (13) or listpack (16).
extension RDBValueDecoder {
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
}
