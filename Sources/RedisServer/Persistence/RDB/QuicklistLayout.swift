/// How Redis 7.0 splits a list into quicklist nodes when its elements are pushed at the tail
/// (`quicklistPushTail`, `_quicklistNodeAllowInsert`), so that our RDB list layout is the
/// one Redis writes for a list built by RPUSH or loaded from an RDB.
enum QuicklistLayout {
    enum Node {
        /// A listpack of several elements.
        case packed([UInt8])
        /// One element too large for a listpack (at least `packed_threshold`, 1 GB).
        case plain(Bytes)

        var container: UInt64 {
            switch self {
            case .packed: return RDBFormat.Container.packed
            case .plain: return RDBFormat.Container.plain
            }
        }
    }

    /// Size limits of the negative `list-max-listpack-size` settings (-1 ... -5).
    static let sizeLimits = [4096, 8192, 16384, 32768, 65536]
    /// Positive (count) settings still keep nodes under 8 KB.
    static let sizeSafetyLimit = 8192
    /// `SIZE_ESTIMATE_OVERHEAD`: what Redis assumes one more entry adds besides its bytes.
    static let entryOverhead = 8

    static func nodes<S: Sequence>(_ items: S, fill: Int, packedThreshold: Int = RDBFormat.quicklistPackedThreshold) -> [Node]
    where S.Element == Bytes {
        var nodes: [Node] = []
        var current: ListpackBuilder?
        for item in items {
            let sz = item.count
            if sz >= packedThreshold {
                if let c = current { nodes.append(.packed(c.finished())) }
                current = nil
                nodes.append(.plain(item))
                continue
            }
            if let c = current, allowInsert(size: c.finishedSize, count: c.count, fill: fill, adding: sz) {
                current!.append(item)
            } else {
                if let c = current { nodes.append(.packed(c.finished())) }
                var fresh = ListpackBuilder()
                fresh.append(item)
                current = fresh
            }
        }
        if let c = current { nodes.append(.packed(c.finished())) }
        return nodes
    }

    /// `_quicklistNodeAllowInsert` for a packed node of `size` bytes holding `count` entries.
    static func allowInsert(size: Int, count: Int, fill: Int, adding sz: Int) -> Bool {
        let newSize = size + sz + entryOverhead
        if fill < 0 {
            let level = -fill - 1
            if level < sizeLimits.count && newSize <= sizeLimits[level] { return true }
        }
        if newSize > sizeSafetyLimit { return false }
        return count < fill
    }

    /// The LZF form of an interior node when `list-compress-depth` asks for it and it pays
    /// (`__quicklistCompressNode`: at least 48 bytes, and 8 bytes saved).
    static func compressedNode(_ raw: UnsafeRawBufferPointer) -> [UInt8]? {
        guard raw.count >= 48, let packed = LZF.compress(raw, capacity: raw.count) else { return nil }
        return packed.count + 8 < raw.count ? packed : nil
    }

    /// Whether node `index` of `count` is kept compressed with `depth` (the first and last
    /// `depth` nodes never are).
    static func isInterior(_ index: Int, of count: Int, depth: Int) -> Bool {
        depth > 0 && index >= depth && index < count - depth
    }
}
