#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes RDB version 10 files and DUMP payloads, byte for byte as Redis 7.0.15 does for the
/// same data and settings.
public enum RDBEncoder {
    /// Bytes are handed to the sink whenever this much is buffered (and after the last key).
    static let chunkSize = 1 << 16

    /// The AUX fields Redis writes first, in its order; `aof-base` always comes last.
    static let leadingAux = ["redis-ver", "redis-bits", "ctime", "used-mem"]

    /// Whole RDB file: "REDIS0010", AUX fields (redis-ver 7.0.15, redis-bits 64, ctime,
    /// used-mem, then the other `aux` entries, then aof-base), each non-empty database
    /// (SELECTDB, RESIZEDB, its keys with EXPIRETIME_MS), EOF and the CRC64 (0 when
    /// `checksum` is off). An `aux` entry named like a standard field replaces its value in
    /// place (ctime defaults to now, used-mem and aof-base to 0).
    /// Bytes go to `sink` in chunks of about 64 KB (a chunk can be larger by one value): the
    /// whole file is never held in memory.
    public static func encodeFile(
        databases: [Database], aux: [(String, String)], options: RDBWriteOptions,
        sink: (UnsafeRawBufferPointer) throws -> Void
    ) throws {
        var w = RDBWriter(capacity: chunkSize + 1024)
        var crc = CRC64()
        func flush() throws {
            if options.checksum { crc.update(w.bytes) }
            try w.bytes.withUnsafeBytes { try sink($0) }
            w.bytes.removeAll(keepingCapacity: true)
        }

        w.append(RDBFormat.signature)
        for (key, value) in auxFields(aux) {
            w.byte(RDBFormat.Opcode.aux)
            w.string(key, compression: options.compression)
            w.string(value, compression: options.compression)
        }
        for db in databases where db.count > 0 {
            w.byte(RDBFormat.Opcode.selectDB)
            w.length(db.id)
            w.byte(RDBFormat.Opcode.resizeDB)
            w.length(db.count)
            w.length(db.expiring.count)
            var failure: (any Error)?
            db.table.forEach { key, entry in
                guard failure == nil else { return }
                writeKey(key, entry, to: &w, options: options)
                if w.bytes.count >= chunkSize {
                    do { try flush() } catch { failure = error }
                }
            }
            if let failure { throw failure }
        }
        w.byte(RDBFormat.Opcode.eof)
        try flush()
        w.uint64LE(options.checksum ? crc.value : 0)
        try w.bytes.withUnsafeBytes { try sink($0) }
    }

    /// The AUX fields in file order, with defaults for the standard ones.
    static func auxFields(_ aux: [(String, String)]) -> [(String, String)] {
        func given(_ name: String) -> String? { aux.first(where: { $0.0 == name })?.1 }
        var out: [(String, String)] = [
            ("redis-ver", given("redis-ver") ?? "7.0.15"),
            ("redis-bits", given("redis-bits") ?? "64"),
            ("ctime", given("ctime") ?? String(time(nil))),
            ("used-mem", given("used-mem") ?? "0"),
        ]
        for (k, v) in aux where !leadingAux.contains(k) && k != "aof-base" { out.append((k, v)) }
        out.append(("aof-base", given("aof-base") ?? "0"))
        return out
    }

    /// `rdbSaveKeyValuePair` (without LRU/LFU, which this node does not keep).
    static func writeKey(_ key: Bytes, _ entry: DBEntry, to w: inout RDBWriter, options: RDBWriteOptions) {
        if entry.expireAt >= 0 {
            w.byte(RDBFormat.Opcode.expireTimeMS)
            w.uint64LE(UInt64(bitPattern: entry.expireAt))
        }
        w.byte(RDBValueEncoder.type(of: entry.value))
        w.string(key, compression: options.compression)
        RDBValueEncoder.write(entry.value, to: &w, options: options)
    }

    /// DUMP payload: type byte + value + RDB version (UInt16 LE, 10) + CRC64 (UInt64 LE) of
    /// everything before it (`createDumpPayload`).
    public static func dumpPayload(_ value: RedisValue, options: RDBWriteOptions) -> [UInt8] {
        var w = RDBWriter()
        w.byte(RDBValueEncoder.type(of: value))
        RDBValueEncoder.write(value, to: &w, options: options)
        w.byte(UInt8(RDBFormat.version & 0xff))
        w.byte(UInt8(RDBFormat.version >> 8))
        w.uint64LE(CRC64.checksum(w.bytes))
        return w.bytes
    }
}
