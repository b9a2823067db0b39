import DequeModule
import Testing

@testable import RedisServer

/// Our encoder, then our decoder: every type and encoding comes back the same, and the
/// encodings Redis changes on load (and only those) change.
@Suite struct RDBRoundTripTests {
    static let limits = EncodingLimits()

    static func list(_ items: [String]) -> RedisValue { .list(ListObject(Deque(items.map { Bytes($0) }))) }

    static func set(_ members: [String], limits: EncodingLimits = limits) -> RedisValue {
        .set(SetObject(members: members.map { Bytes($0) }, limits: limits))
    }

    static func hash(_ pairs: [(String, String)], limits: EncodingLimits = limits) -> RedisValue {
        let h = HashObject()
        for (f, v) in pairs { h.set(Bytes(f), Bytes(v), limits: limits) }
        return .hash(h)
    }

    static func zset(_ entries: [(Double, String)], limits: EncodingLimits = limits) -> RedisValue {
        let z = SortedSetObject()
        for (s, m) in entries { z.set(Bytes(m), score: s, limits: limits) }
        return .zset(z)
    }

    /// Values whose encoding survives a reload under the default limits.
    static var stable: [(String, RedisValue)] {
        [
        ("empty string", .string("")),
        ("int string", .string("-42")),
        ("int64 string", .string("-9223372036854775808")),
        ("embstr", .string("hello")),
        ("binary", .string(Bytes([0, 255, 13, 10, 0]))),
        ("long compressible", .string(Bytes(String(repeating: "abcd", count: 1000)))),
        ("long random", .string(Bytes(RDBPrimitiveTests.noise(3000, seed: 5)))),
        ("small list", list(["a", "1", "", "-5", "xyz"])),
        ("big list", list((0..<20000).map { "item:\($0 * 7919 % 100_003)" })),
        ("list of huge elements", list([String(repeating: "h", count: 70000), "tiny", String(repeating: "i", count: 9000)])),
        ("intset16", set(["3", "1", "2"])),
        ("intset64", set(["-9223372036854775808", "9223372036854775807", "0"])),
        ("set table", set(["apple", "1", "banana"])),
        ("big int set", set((0..<1000).map(String.init))),
        ("hash listpack", hash([("name", "Ann"), ("age", "30"), ("n", "-1")])),
        ("hash table (long value)", hash([("k", String(repeating: "v", count: 65)), ("a", "b")])),
        ("hash table (many)", hash((0..<600).map { ("f\($0)", "\($0)") })),
        ("zset listpack", zset([(1, "a"), (-.infinity, "lo"), (.infinity, "hi"), (0.1, "tenth"), (1e300, "huge"), (-2.5, "neg"), (4_611_686_018_427_387_904, "2^62")])),
        ("zset skiplist (many)", zset((0..<300).map { (Double($0) / 3, "m\($0)") })),
        ("zset skiplist (long member)", zset([(1, String(repeating: "m", count: 65)), (2, "x")])),
        ]
    }

    static func roundTrip(_ value: RedisValue, options: RDBWriteOptions = RDBWriteOptions(), limits: EncodingLimits = limits) throws -> RedisValue {
        let payload = RDBEncoder.dumpPayload(value, options: options)
        return try payload.withUnsafeBytes { try RDBDecoder.restorePayload($0, limits: limits) }
    }

    @Test(arguments: 0..<stable.count)
    func everyTypeAndEncodingSurvives(_ i: Int) throws {
        let (name, value) = Self.stable[i]
        for options in [
            RDBWriteOptions(), RDBWriteOptions(compression: false),
            RDBWriteOptions(listMaxListpackSize: 5, listCompressDepth: 2),
            RDBWriteOptions(listMaxListpackSize: -5, listCompressDepth: 1),
        ] {
            let back = try Self.roundTrip(value, options: options)
            #expect(ValueSnapshot(back) == ValueSnapshot(value), "\(name) with \(options)")
            #expect(Digest.value(back, expireAt: -1) == Digest.value(value, expireAt: -1), "\(name)")
        }
    }

    @Test func listNodeSplitFollowsTheFillSetting() {
        let items = (0..<100).map { Bytes("e\($0)") }
        #expect(QuicklistLayout.nodes(items, fill: 10).count == 10)
        #expect(QuicklistLayout.nodes(items, fill: 1).count == 100)
        #expect(QuicklistLayout.nodes(items, fill: -1).count == 1)
        // A 9000-byte element does not fit an 8 KB node: it gets one of its own.
        let big = [Bytes("a"), Bytes(String(repeating: "b", count: 9000)), Bytes("c")]
        #expect(QuicklistLayout.nodes(big, fill: -2).count == 3)
        #expect(QuicklistLayout.nodes(big, fill: -5).count == 1)
        // Interior nodes only are compressed.
        #expect((0..<5).map { QuicklistLayout.isInterior($0, of: 5, depth: 2) } == [false, false, true, false, false])
        #expect((0..<4).map { QuicklistLayout.isInterior($0, of: 4, depth: 2) } == [false, false, false, false])
    }

    /// What Redis changes on load: small hash tables become listpacks, integer-only hash
    /// table sets become intsets, small skiplists become listpacks; and lowered limits convert.
    @Test func encodingsChosenAfterLoadAsRedisDoes() throws {
        let setTable = SetObject(table: HashTable())
        setTable.add("1", limits: Self.limits)
        setTable.add("2", limits: Self.limits)
        #expect(ValueSnapshot(try Self.roundTrip(.set(setTable))).encoding == "set/intset")

        let hashTable = HashObject(table: HashTable())
        hashTable.set("f", "v", limits: Self.limits)
        #expect(ValueSnapshot(try Self.roundTrip(.hash(hashTable))).encoding == "hash/listpack")

        let z = SortedSetObject()
        z.set("a", score: 1, limits: Self.limits)
        z.convertToSkiplist()
        #expect(ValueSnapshot(try Self.roundTrip(.zset(z))).encoding == "zset/listpack")

        var small = EncodingLimits()
        small.hashMaxListpackEntries = 2
        small.zsetMaxListpackEntries = 2
        small.setMaxIntsetEntries = 2
        let three = [("a", "1"), ("b", "2"), ("c", "3")]
        #expect(ValueSnapshot(try Self.roundTrip(Self.hash(three), limits: small)).encoding == "hash/hashtable")
        #expect(ValueSnapshot(try Self.roundTrip(Self.zset([(1, "a"), (2, "b"), (3, "c")]), limits: small)).encoding == "zset/skiplist")
        #expect(ValueSnapshot(try Self.roundTrip(Self.set(["1", "2", "3"]), limits: small)).encoding == "set/hashtable")
        // A listpack zset keeps its encoding whatever its members' length (only the count matters).
        var longMembers = EncodingLimits()
        longMembers.zsetMaxListpackValue = 1
        #expect(ValueSnapshot(try Self.roundTrip(Self.zset([(1, "long member")]), limits: longMembers)).encoding == "zset/listpack")
    }

    @Test func negativeZeroScoreIsStoredAsInteger() throws {
        var lp = ListpackBuilder()
        RDBValueEncoder.appendScore(-0.0, to: &lp)
        RDBValueEncoder.appendScore(4_611_686_018_427_387_904, to: &lp)
        RDBValueEncoder.appendScore(4_611_686_018_427_387_904 * 2, to: &lp)
        RDBValueEncoder.appendScore(0.5, to: &lp)
        var got: [String] = []
        try lp.finished().withUnsafeBytes { _ = try Listpack.forEach($0) { e, _ in got.append(e.bytes.string) } }
        #expect(got == ["0", "4611686018427387904", "9.2233720368547758e+18", "0.5"])
    }

    @Test func wholeFileRoundTrip() throws {
        let dbs = (0..<16).map { Database(id: $0) }
        for (i, (name, value)) in Self.stable.enumerated() {
            dbs[i % 3 == 0 ? 0 : 7].add(Bytes(name), DBEntry(value: value, expireAt: i % 2 == 0 ? -1 : 4_102_444_800_000 + Int64(i)))
        }
        // Enough keys to need several sink chunks.
        for i in 0..<5000 { dbs[15].add(Bytes("key:\(i)"), DBEntry(value: .string(Bytes("value-\(i)-" + String(repeating: "x", count: i % 50))))) }
        var chunks = 0
        var file: [UInt8] = []
        try RDBEncoder.encodeFile(
            databases: dbs, aux: [("repl-id", "abc"), ("ctime", "1700000000")], options: RDBWriteOptions()
        ) { chunk in
            chunks += 1
            file.append(contentsOf: chunk)
        }
        #expect(chunks > 2)
        #expect(Array(file.prefix(9)) == Array("REDIS0010".utf8))
        let loaded = try RDBFixture.decode(file, now: 1_700_000_000_000)
        #expect(loaded.info.aux["redis-ver"] == "7.0.15")
        #expect(loaded.info.aux["ctime"] == "1700000000")
        #expect(loaded.info.aux["repl-id"] == "abc")
        #expect(loaded.info.aux["aof-base"] == "0")
        #expect(loaded.info.bytesConsumed == file.count)
        #expect(loaded.info.keysLoaded == Self.stable.count + 5000)
        for db in [0, 7, 15] {
            #expect(loaded.databases[db].count == dbs[db].count)
            dbs[db].table.forEach { key, entry in
                let back = loaded.databases[db].entry(key)
                #expect(back?.expireAt == entry.expireAt, "\(key)")
                #expect(back.map { ValueSnapshot($0.value) } == ValueSnapshot(entry.value), "\(key)")
            }
        }
        #expect(Digest.dataset(loaded.databases) == Digest.dataset(dbs))

        // The AUX order Redis uses, with aof-base last.
        let aux = RDBEncoder.auxFields([("aof-base", "1"), ("repl-stream-db", "0"), ("used-mem", "123")])
        #expect(aux.map(\.0) == ["redis-ver", "redis-bits", "ctime", "used-mem", "repl-stream-db", "aof-base"])
        #expect(aux.map(\.1).last == "1")
        #expect(aux[3].1 == "123")
    }

    @Test func checksumOffWritesZeroAndLoads() throws {
        let db = Database(id: 0)
        db.add("k", DBEntry(value: .string("v")))
        var file: [UInt8] = []
        try RDBEncoder.encodeFile(databases: [db], aux: [], options: RDBWriteOptions(checksum: false)) { file.append(contentsOf: $0) }
        #expect(file.suffix(8).allSatisfy { $0 == 0 })
        #expect(try RDBFixture.decode(file).info.keysLoaded == 1)
    }

    @Test func emptyDatabasesWriteNoSelect() throws {
        func encode(_ dbs: [Database]) throws -> [UInt8] {
            var file: [UInt8] = []
            try RDBEncoder.encodeFile(databases: dbs, aux: [("ctime", "1")], options: RDBWriteOptions()) { file.append(contentsOf: $0) }
            return file
        }
        let file = try encode((0..<16).map { Database(id: $0) })
        #expect(file == (try encode([])))
        #expect(try RDBFixture.decode(file).info.keysLoaded == 0)
        #expect(file[file.count - 9] == RDBFormat.Opcode.eof)
    }

    /// An AOF with an RDB preamble: the decoder stops after the checksum.
    @Test func bytesConsumedStopsAfterTheChecksum() throws {
        let db = Database(id: 0)
        db.add("k", DBEntry(value: .string("v")))
        var file: [UInt8] = []
        try RDBEncoder.encodeFile(databases: [db], aux: [("aof-base", "1")], options: RDBWriteOptions()) { file.append(contentsOf: $0) }
        let rdbLength = file.count
        file += Array("*1\r\n$4\r\nPING\r\n".utf8)
        let loaded = try RDBFixture.decode(file)
        #expect(loaded.info.bytesConsumed == rdbLength)
        #expect(loaded.info.aux["aof-base"] == "1")
    }
}
