import Testing

@testable import RedisServer

/// Value types and opcodes older Redis versions wrote, which 7.0 still loads: plain lists,
/// string-scored sorted sets, zipmaps, ziplists, ziplist quicklists, second-precision
/// expiries, LRU/LFU hints, and files of earlier RDB versions.
@Suite struct RDBLegacyTypeTests {
    typealias L = LegacyEncodings

    static func snapshot(_ type: UInt8, _ body: [UInt8], limits: EncodingLimits = EncodingLimits()) throws -> ValueSnapshot {
        ValueSnapshot(try L.restore(L.payload(type, body), limits: limits))
    }

    @Test func plainList() throws {
        let body = [3] + L.rdbString("a") + [0xC0, 7] + L.rdbString("")
        #expect(try Self.snapshot(1, body) == ValueSnapshot(encoding: "list/quicklist", contents: ["a", "7", ""]))
    }

    @Test func stringScoredSortedSet() throws {
        let body = [4] + L.rdbString("a") + [3] + Array("1.5".utf8) + L.rdbString("b") + [254]
            + L.rdbString("c") + [255] + L.rdbString("d") + [2] + Array("-3".utf8)
        #expect(try Self.snapshot(3, body) == ValueSnapshot(encoding: "zset/listpack", contents: ["c@-inf", "d@-3.0", "a@1.5", "b@inf"]))
    }

    @Test func zipmapHash() throws {
        let zm = L.zipmap([(Array("name".utf8), Array("Ann".utf8)), (Array("n".utf8), Array("1".utf8))], free: 1)
        #expect(try Self.snapshot(9, L.rdbString(zm)) == ValueSnapshot(encoding: "hash/listpack", contents: ["name=Ann", "n=1"]))
        // A value longer than hash-max-listpack-value makes it a hash table.
        let long = L.zipmap([(Array("f".utf8), [UInt8](repeating: 65, count: 65))])
        #expect(try Self.snapshot(9, L.rdbString(long)).encoding == "hash/hashtable")
        let dup = L.zipmap([(Array("f".utf8), Array("1".utf8)), (Array("f".utf8), Array("2".utf8))])
        #expect(throws: RDBError.self) { try Self.snapshot(9, L.rdbString(dup)) }
    }

    @Test func ziplistList() throws {
        let zl = L.ziplist([.string(Array("x".utf8)), .int(12), .int(-70000), .string([])])
        #expect(try Self.snapshot(10, L.rdbString(zl)) == ValueSnapshot(encoding: "list/quicklist", contents: ["x", "12", "-70000", ""]))
        #expect(throws: RDBError.self) { try Self.snapshot(10, L.rdbString(L.ziplist([]))) }
    }

    @Test func ziplistSortedSet() throws {
        let zl = L.ziplist([.string(Array("b".utf8)), .string(Array("2.5".utf8)), .string(Array("a".utf8)), .int(1)])
        #expect(try Self.snapshot(12, L.rdbString(zl)) == ValueSnapshot(encoding: "zset/listpack", contents: ["a@1.0", "b@2.5"]))
        var few = EncodingLimits()
        few.zsetMaxListpackEntries = 1
        #expect(try Self.snapshot(12, L.rdbString(zl), limits: few).encoding == "zset/skiplist")
        let dup = L.ziplist([.string(Array("a".utf8)), .int(1), .string(Array("a".utf8)), .int(2)])
        #expect(throws: RDBError.self) { try Self.snapshot(12, L.rdbString(dup)) }
    }

    @Test func ziplistHash() throws {
        let zl = L.ziplist([.string(Array("f".utf8)), .int(1), .int(2), .string(Array("two".utf8))])
        #expect(try Self.snapshot(13, L.rdbString(zl)) == ValueSnapshot(encoding: "hash/listpack", contents: ["f=1", "2=two"]))
        let odd = L.ziplist([.string(Array("f".utf8))])
        #expect(throws: RDBError.self) { try Self.snapshot(13, L.rdbString(odd)) }
    }

    @Test func ziplistQuicklist() throws {
        let first = L.ziplist([.string(Array("a".utf8)), .int(2)])
        let second = L.ziplist([LegacyEncodings.Element](repeating: .int(7), count: 300))
        // The second node LZF-compressed, as list-compress-depth made Redis write it.
        var w = RDBWriter()
        w.string(second, compression: true)
        #expect(w.bytes.first == 0xC3)
        let body = [3] + L.rdbString(first) + L.rdbString(L.ziplist([])) + w.bytes
        #expect(try Self.snapshot(14, body) == ValueSnapshot(encoding: "list/quicklist", contents: ["a", "2"] + Array(repeating: "7", count: 300)))
    }

    /// A version 6 file: second-precision EXPIRETIME, IDLE and FREQ hints, no RESIZEDB, no
    /// AUX, and a checksum.
    @Test func olderFileVersionWithOldOpcodes() throws {
        var body: [UInt8] = [RDBFormat.Opcode.selectDB, 2]
        body += [RDBFormat.Opcode.expireTime] + L.le(2_000_000_000, 4)  // a signed 32-bit count of seconds
        body += [RDBFormat.Opcode.idle, 0x40, 0x80]
        body += [RDBFormat.Opcode.freq, 9]
        body += [0] + L.rdbString("k") + L.rdbString("v")
        body += [0] + L.rdbString("plain") + L.rdbString("w")
        var file = Array("REDIS0006".utf8) + body + [RDBFormat.Opcode.eof]
        file += L.le(CRC64.checksum(file), 8)
        let loaded = try RDBFixture.decode(file)
        #expect(loaded.info.version == 6)
        #expect(loaded.entry("k", db: 2)?.expireAt == 2_000_000_000_000)
        #expect(loaded.entry("plain", db: 2)?.expireAt == -1, "expiry applies to one key only")
        #expect(loaded.info.bytesConsumed == file.count)
    }

    /// Before version 5 there is no checksum after EOF.
    @Test func versionFourHasNoChecksum() throws {
        let file = Array("REDIS0004".utf8) + [0] + L.rdbString("k") + L.rdbString("v") + [RDBFormat.Opcode.eof]
        let loaded = try RDBFixture.decode(file + [1, 2, 3])
        #expect(loaded.info.keysLoaded == 1)
        #expect(loaded.info.bytesConsumed == file.count)
    }

    /// Negative expiry times (the format allows them) load as long expired, not as "no TTL".
    @Test func negativeExpiryIsLongExpired() throws {
        var file = Array("REDIS0010".utf8) + [RDBFormat.Opcode.expireTimeMS] + L.le(UInt64(bitPattern: -5000), 8)
        file += [0] + L.rdbString("k") + L.rdbString("v")
        file += [RDBFormat.Opcode.expireTime] + L.le(UInt64(UInt32(bitPattern: -7)), 4) + [0] + L.rdbString("s") + L.rdbString("v")
        file += [RDBFormat.Opcode.eof]
        file += L.le(CRC64.checksum(file), 8)
        let kept = try RDBFixture.decode(file)
        #expect(kept.entry("k")?.expireAt == 0)
        #expect(kept.entry("s")?.expireAt == 0)
        #expect(kept.databases[0].expiring.count == 2)
        #expect(try RDBFixture.decode(file, now: 1).info.keysExpired == 2)
    }

    /// A key expiring exactly now is kept (Redis skips only `expiretime < now`).
    @Test func expiryComparedStrictlyWithNow() throws {
        var file = Array("REDIS0010".utf8) + [RDBFormat.Opcode.expireTimeMS] + L.le(1000, 8) + [0] + L.rdbString("k") + L.rdbString("v")
        file += [RDBFormat.Opcode.eof]
        file += L.le(CRC64.checksum(file), 8)
        #expect(try RDBFixture.decode(file, now: 1000).info.keysLoaded == 1)
        let later = try RDBFixture.decode(file, now: 1001)
        #expect(later.info.keysLoaded == 0 && later.info.keysExpired == 1)
    }
}
