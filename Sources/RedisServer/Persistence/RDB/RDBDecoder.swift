/// What loading a file found besides the keys.
public struct RDBFileInfo: Sendable {
    /// AUX fields (redis-ver, ctime, repl-id, ...), last value wins.
    public var aux: [String: String]
    public var keysLoaded: Int
    /// Keys skipped because their expiry had passed.
    public var keysExpired: Int
    /// Keys skipped because they held an empty collection.
    public var emptyKeysSkipped: Int
    /// Bytes used, through the checksum: an AOF with an RDB preamble continues from here.
    public var bytesConsumed: Int
    public var version: Int
}

/// Reads RDB files (versions 1 to 10) and RESTORE payloads as Redis 7.0 loads them.
public enum RDBDecoder {
    /// Parses a whole file. Keys whose expiry is already before `now` (unix ms) are skipped and
    /// counted, as a master does when loading (`expiretime < now`); pass `now: nil` to keep
    /// them (replicas, AOF preambles). `add` receives (db index, key, entry) for every key
    /// kept, in file order; it may throw to abort (a duplicate key, say).
    public static func decodeFile(
        _ bytes: UnsafeRawBufferPointer, limits: EncodingLimits, now: Int64?, databases: Int,
        add: (Int, Bytes, DBEntry) throws -> Void
    ) throws -> RDBFileInfo {
        typealias Op = RDBFormat.Opcode
        var r = RDBReader(bytes)
        let magic = try r.take(9, "the file header")
        guard magic.starts(with: RDBFormat.magic) else {
            throw r.error("not an RDB file (no REDIS signature)", at: 0)
        }
        let digits = magic[5..<9]
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { throw r.error("bad RDB version field", at: 5) }
        let version = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
        guard version >= 1 && version <= RDBFormat.version else {
            throw r.error("can't handle RDB format version \(version)", at: 5, kind: .unsupported)
        }

        let decoder = RDBValueDecoder(limits: limits)
        var info = RDBFileInfo(aux: [:], keysLoaded: 0, keysExpired: 0, emptyKeysSkipped: 0, bytesConsumed: 0, version: version)
        var db = 0
        // The pending key's expiry. Negative times (possible in the format) mean "long
        // expired"; they are kept as 0 because this node uses -1 for "no expiry".
        var expireAt: Int64?
        while true {
            let opcodeOffset = r.offset
            let type = try r.byte("an opcode or value type")
            switch type {
            case Op.eof:
                let end = r.offset
                if version >= 5 {
                    let stored = try r.uint64LE("the checksum")
                    if stored != 0 {
                        let computed = CRC64.checksum(UnsafeRawBufferPointer(rebasing: bytes[0..<end]))
                        guard computed == stored else {
                            throw r.error(
                                "wrong RDB checksum: file says \(hex(stored)), data gives \(hex(computed))", at: end)
                        }
                    }
                }
                info.bytesConsumed = r.offset
                return info
            case Op.expireTime:
                expireAt = max(0, Int64(Int32(bitPattern: try r.uint32LE("an expire time"))) * 1000)
            case Op.expireTimeMS:
                expireAt = max(0, Int64(bitPattern: try r.uint64LE("an expire time")))
            case Op.freq:
                _ = try r.byte("an LFU frequency")
            case Op.idle:
                _ = try r.length("an LRU idle time")
            case Op.selectDB:
                let at = r.offset
                let index = try r.length("a database number")
                guard index < databases else {
                    throw r.error("database \(index) out of range (this node has \(databases) databases)", at: at)
                }
                db = index
            case Op.resizeDB:
                _ = try r.length("a database size hint")
                _ = try r.length("an expires size hint")
            case Op.aux:
                let key = try r.string("an AUX field name")
                let value = try r.string("an AUX field value")
                info.aux[key.string] = value.string
            case Op.moduleAux:
                throw r.error("module AUX data is not supported", at: opcodeOffset, kind: .unsupported)
            case Op.function, Op.function2:
                throw r.error("functions (library code) are not supported", at: opcodeOffset, kind: .unsupported)
            default:
                guard RDBFormat.ValueType.isObjectType(type) else {
                    throw r.error("unknown opcode or value type \(type)", at: opcodeOffset)
                }
                let key = try r.string("a key")
                let value = try decoder.read(type: type, typeOffset: opcodeOffset, from: &r)
                if let value {
                    if let now, let expireAt, expireAt < now {
                        info.keysExpired += 1
                    } else {
                        try add(db, key, DBEntry(value: value, expireAt: expireAt ?? -1))
                        info.keysLoaded += 1
                    }
                } else {
                    info.emptyKeysSkipped += 1
                }
                expireAt = nil
            }
        }
    }

    /// RESTORE: checks the footer like `verifyDumpPayload` (RDB version <= 10, CRC64 of
    /// everything before the CRC), then reads the type byte and the value. As in Redis, the
    /// value is read from the whole payload: bytes left before the footer are ignored, and a
    /// value that runs on into the footer takes its bytes. An empty collection is an error
    /// (Redis answers "Bad data format").
    public static func restorePayload(_ bytes: UnsafeRawBufferPointer, limits: EncodingLimits) throws(RDBError) -> RedisValue {
        try verifyDumpPayload(bytes)
        return try dumpValue(bytes, limits: limits)
    }

    /// The footer check alone: a `.versionOrChecksum` error when it fails.
    public static func verifyDumpPayload(_ bytes: UnsafeRawBufferPointer) throws(RDBError) {
        let n = bytes.count
        guard n >= 10 else {
            throw RDBError(offset: 0, "DUMP payload of \(n) bytes is shorter than its footer", kind: .versionOrChecksum)
        }
        let version = Int(bytes[n - 10]) | Int(bytes[n - 9]) << 8
        guard version <= RDBFormat.version else {
            throw RDBError(offset: n - 10, "DUMP payload has RDB version \(version), newer than 10", kind: .versionOrChecksum)
        }
        let stored = UInt64(littleEndian: UnsafeRawBufferPointer(rebasing: bytes[(n - 8)...]).loadUnaligned(as: UInt64.self))
        let computed = CRC64.checksum(UnsafeRawBufferPointer(rebasing: bytes[..<(n - 8)]))
        guard stored == computed else {
            throw RDBError(
                offset: n - 8, "DUMP payload checksum \(hex(stored)) does not match its data (\(hex(computed)))",
                kind: .versionOrChecksum)
        }
    }

    /// The value of a payload whose footer was verified.
    static func dumpValue(_ bytes: UnsafeRawBufferPointer, limits: EncodingLimits) throws(RDBError) -> RedisValue {
        var r = RDBReader(bytes)
        let type = try r.byte("the value type")
        guard RDBFormat.ValueType.isObjectType(type) else { throw r.error("unknown value type \(type)", at: 0) }
        guard let value = try RDBValueDecoder(limits: limits).read(type: type, typeOffset: 0, from: &r) else {
            throw r.error("empty collection", at: 0)
        }
        return value
    }

    static func hex(_ v: UInt64) -> String {
        let digits = String(v, radix: 16)
        return "0x" + String(repeating: "0", count: 16 - digits.count) + digits
    }
}
