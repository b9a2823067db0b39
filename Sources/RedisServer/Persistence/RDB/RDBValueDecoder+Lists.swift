import DequeModule

/// Lists: plain (type 1), ziplist (10), quicklists of ziplists (14) or listpacks (18).
extension RDBValueDecoder {
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
}
