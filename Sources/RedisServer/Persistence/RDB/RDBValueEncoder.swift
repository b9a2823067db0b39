import RESP

/// A value in RDB form, as Redis 7.0's `rdbSaveObjectType` + `rdbSaveObject` write it for the
/// same in-memory encoding.
enum RDBValueEncoder {
    /// The type byte: what the in-memory encoding maps to.
    static func type(of value: RedisValue) -> UInt8 {
        switch value {
        case .string: return RDBFormat.ValueType.string
        case .list: return RDBFormat.ValueType.listQuicklist2
        case .set(let s):
            if case .intset = s.storage { return RDBFormat.ValueType.setIntset }
            return RDBFormat.ValueType.set
        case .zset(let z):
            return z.index == nil ? RDBFormat.ValueType.zsetListpack : RDBFormat.ValueType.zset2
        case .hash(let h):
            if case .listpack = h.storage { return RDBFormat.ValueType.hashListpack }
            return RDBFormat.ValueType.hash
        }
    }

    /// The payload that follows the type byte.
    static func write(_ value: RedisValue, to w: inout RDBWriter, options: RDBWriteOptions) {
        let compress = options.compression
        switch value {
        case .string(let s):
            w.string(s, compression: compress)

        case .list(let list):
            let nodes = QuicklistLayout.nodes(list.items, fill: options.listMaxListpackSize)
            w.length(nodes.count)
            for (i, node) in nodes.enumerated() {
                w.length(Int(node.container))
                let interior = QuicklistLayout.isInterior(i, of: nodes.count, depth: options.listCompressDepth)
                switch node {
                case .packed(let lp):
                    lp.withUnsafeBytes { raw in
                        if interior, let packed = QuicklistLayout.compressedNode(raw) {
                            w.lzfBlob(packed, originalLength: raw.count)
                        } else {
                            w.string(raw, compression: compress)
                        }
                    }
                case .plain(let element):
                    element.withUnsafeBytes { raw in
                        if interior, let packed = QuicklistLayout.compressedNode(raw) {
                            w.lzfBlob(packed, originalLength: raw.count)
                        } else {
                            w.string(raw, compression: compress)
                        }
                    }
                }
            }

        case .set(let set):
            switch set.storage {
            case .intset(let ints):
                w.string(Intset.encode(ints), compression: compress)
            case .table(let table):
                w.length(table.count)
                table.forEach { member, _ in w.string(member, compression: compress) }
            }

        case .zset(let zset):
            if zset.index == nil {
                var lp = ListpackBuilder()
                zset.ordered.forEach { e in
                    lp.append(e.member)
                    appendScore(e.score, to: &lp)
                }
                w.string(lp.finished(), compression: compress)
            } else {
                // Highest score first, as Redis walks its skiplist from the tail.
                w.length(zset.count)
                for e in zset.ordered.all.reversed() {
                    w.string(e.member, compression: compress)
                    w.binaryDouble(e.score)
                }
            }

        case .hash(let hash):
            switch hash.storage {
            case .listpack(let pairs):
                var lp = ListpackBuilder()
                for p in pairs {
                    lp.append(p.field)
                    lp.append(p.value)
                }
                w.string(lp.finished(), compression: compress)
            case .table(let table):
                w.length(table.count)
                table.forEach { field, value in
                    w.string(field, compression: compress)
                    w.string(value, compression: compress)
                }
            }
        }
    }

    /// `zzlInsertAt`: a score that is an exact integer within ±2^62 is stored as an integer,
    /// anything else as its `d2string` text (`%.17g`, "inf", "-inf").
    static func appendScore(_ score: Double, to lp: inout ListpackBuilder) {
        if let v = exactInteger(score) {
            lp.append(int: v)
        } else {
            lp.append(Bytes(RedisDoubleFormat.g17(score)))
        }
    }

    /// `double2ll`.
    static func exactInteger(_ d: Double) -> Int64? {
        let bound = Double(Int64.max / 2)
        guard d >= -bound && d <= bound else { return nil }
        let v = Int64(d)
        return Double(v) == d ? v : nil
    }
}
