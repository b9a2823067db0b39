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
    /// offset: exact when the blob was stored raw, the string's start otherwise.
    @discardableResult
    func structure<R>(
        _ what: String, at start: Int, _ base: Int?, _ body: () throws(StructureError) -> R
    ) throws(RDBError) -> R {
        do {
            return try body()
        } catch {
            if let base {
                throw RDBError(offset: base + error.position, "invalid \(what): \(error.reason)")
            }
            throw RDBError(offset: start, "invalid \(what) (stored LZF-compressed or as an integer; byte \(error.position)): \(error.reason)")
        }
    }
}
