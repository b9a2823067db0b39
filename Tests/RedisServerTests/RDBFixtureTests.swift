import Foundation
import Testing

@testable import RedisServer

/// The files real redis-server 7.0 wrote load with the right contents and encodings, and we
/// write them back byte for byte.
@Suite struct RDBFixtureTests {
    static func repeated(_ s: String, _ n: Int) -> String { String(repeating: s, count: n) }

    @Test func typesFixtureHasEveryTypeAndEncoding() throws {
        let f = try RDBFixture.load("types.rdb")
        #expect(f.info.version == 10)
        #expect(f.info.aux["redis-ver"] == "7.0.15")
        #expect(f.info.aux["redis-bits"] == "64")
        #expect(f.info.aux["aof-base"] == "0")
        #expect(f.info.keysLoaded == 25)
        #expect(f.info.keysExpired == 0)
        #expect(f.databases[0].count == 25)
        #expect(f.databases[1...].allSatisfy { $0.count == 0 })

        func check(_ key: String, _ encoding: String, _ contents: [String], sourceLocation: SourceLocation = #_sourceLocation) {
            guard let v = f.value(key) else {
                Issue.record("missing key \(key)", sourceLocation: sourceLocation)
                return
            }
            #expect(ValueSnapshot(v) == ValueSnapshot.init(encoding: encoding, contents: contents), "\(key)", sourceLocation: sourceLocation)
        }
        check("string:int", "string/int", ["12345"])
        check("string:int8", "string/int", ["-128"])
        check("string:int16", "string/int", ["30000"])
        check("string:int32", "string/int", ["-2000000000"])
        check("string:int64", "string/int", ["9007199254740993"])
        check("string:embstr", "string/embstr", ["hello world"])
        check("string:raw", "string/raw", ["The quick brown fox jumps over the lazy dog, 0123456789!"])
        check("string:lzf", "string/raw", [Self.repeated("abc", 100)])
        check("string:empty", "string/embstr", [""])
        check("string:binary", "string/embstr", ["a\\x00b\\xff\\x0d\\x0a"])
        check("list:small", "list/quicklist", ["a", "b", "c", "1", "2", "-3", ""])
        check(
            "list:ints", "list/quicklist",
            [
                "0", "127", "128", "-4096", "4095", "-4097", "32767", "-32768", "8388607", "-8388608",
                "2147483647", "-2147483648", "9223372036854775807", "-9223372036854775808", "007",
            ])
        check("list:long", "list/quicklist", [Self.repeated("x", 100), Self.repeated("y", 5000)])
        check("list:big", "list/quicklist", (1...3000).map { "element-\($0)" })
        check("set:intset16", "set/intset", ["1", "2", "3"])
        check("set:intset32", "set/intset", ["-5", "1", "100000"])
        check("set:intset64", "set/intset", ["1", "5000000000"])
        check("set:hashtable", "set/hashtable", ["1", "apple", "banana", "cherry"])
        check("set:big", "set/hashtable", (0..<600).map(String.init).sorted())
        check("hash:listpack", "hash/listpack", ["name=Alice", "age=30", "city=Paris"])
        check("hash:hashtable", "hash/hashtable", ["long=" + Self.repeated("v", 100), "short=v"])
        check("hash:big", "hash/hashtable", (1...600).map { "f\($0)=v\($0)" }.sorted())
        check(
            "zset:listpack", "zset/listpack",
            ["neg@-inf", "minus@-3.0", "zero@0.0", "tenth@0.1", "one@1.0", "two@2.5", "big@1e+20", "pos@inf"])
        check("zset:skiplist", "zset/skiplist", (1...200).map { "m\($0)@\(Double($0))" })
        check("zset:longmember", "zset/skiplist", [Self.repeated("m", 100) + "@1.0", "short@2.0"])
        for key in ["string:int", "list:big", "zset:skiplist"] {
            #expect(f.entry(key)?.expireAt == -1)
        }
    }

    @Test func bigListSpansSeveralNodes() throws {
        // The fixture's list:big really is multi-node; our writer splits it the same way.
        guard case .list(let list) = try RDBFixture.load("types.rdb").value("list:big") else {
            Issue.record("list:big is not a list")
            return
        }
        let nodes = QuicklistLayout.nodes(list.items, fill: -2)
        #expect(nodes.count > 3)
        for node in nodes {
            guard case .packed(let lp) = node else {
                Issue.record("unexpected plain node")
                continue
            }
            #expect(lp.count <= 8192)
        }
    }

    @Test func expiryFixture() throws {
        let kept = try RDBFixture.load("expiry.rdb")
        #expect(kept.info.keysLoaded == 4)
        #expect(kept.entry("expire:future")?.expireAt == 4_102_444_800_000)
        #expect(kept.entry("expire:future-hash")?.expireAt == 4_102_444_800_123)
        #expect(kept.entry("persistent")?.expireAt == -1)
        let past = try #require(kept.entry("expire:past")?.expireAt)
        let ctime = try #require(kept.info.aux["ctime"].flatMap { Int64($0) })
        #expect(past > 0 && past < ctime * 1000)

        // As a master loads it: the expired key is skipped and counted.
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let master = try RDBFixture.load("expiry.rdb", now: now)
        #expect(master.info.keysLoaded == 3)
        #expect(master.info.keysExpired == 1)
        #expect(master.entry("expire:past") == nil)
        #expect(master.databases[0].expiring.count == 2)
    }

    @Test func multiDatabaseFixture() throws {
        let f = try RDBFixture.load("multidb.rdb")
        #expect(f.info.keysLoaded == 4)
        #expect(f.databases.map(\.count) == [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])
        #expect(ValueSnapshot(try #require(f.value("a"))).contents == ["1"])
        #expect(ValueSnapshot(try #require(f.value("b", db: 3))).contents == ["x", "y"])
        #expect(ValueSnapshot(try #require(f.value("c", db: 15))).contents == ["f=v"])
        #expect(ValueSnapshot(try #require(f.value("d", db: 15))).contents == ["in db 15"])

        // A node with fewer databases refuses it, naming the offending SELECTDB.
        let error = expectRDBError { _ = try RDBFixture.decode(try RDBFixture.bytes("multidb.rdb"), databases: 4) }
        #expect(error?.message.contains("database 15 out of range") == true)
    }

    @Test func listConfigFixtureHasCompressedNodes() throws {
        let bytes = try RDBFixture.bytes("list-config.rdb")
        let f = try RDBFixture.decode(bytes)
        #expect(ValueSnapshot(try #require(f.value("list:nodes"))).contents == (1...200).map { "item-\($0)" })
        // 200 elements, 16 per node: 13 nodes, the 11 interior ones LZF-compressed (0xC3).
        var limits = EncodingLimits()
        limits.listMaxListpackSize = 16
        limits.listCompressDepth = 1
        let again = try RDBFixture.reencode(f, options: RDBWriteOptions(limits: limits))
        #expect(again == bytes)
    }

    @Test func plainNodeFixture() throws {
        let f = try RDBFixture.load("list-plain.rdb")
        #expect(ValueSnapshot(try #require(f.value("list:plain"))).contents == ["small", Self.repeated("p", 150), "tail"])
        // Three nodes: packed, plain, packed.
        var w = RDBWriter()
        RDBValueEncoder.write(try #require(f.value("list:plain")), to: &w, options: RDBWriteOptions())
        #expect(w.bytes.first == 1, "with the default 1 GB threshold it is one node")
        let nodes = QuicklistLayout.nodes(
            ["small", Bytes(Self.repeated("p", 150)), "tail"], fill: -2, packedThreshold: 100)
        #expect(nodes.map(\.container) == [2, 1, 2])
    }

    @Test func uncompressedFixtureHasNoChecksum() throws {
        let bytes = try RDBFixture.bytes("uncompressed.rdb")
        #expect(bytes.suffix(8).allSatisfy { $0 == 0 })
        let f = try RDBFixture.decode(bytes)
        #expect(ValueSnapshot(try #require(f.value("string:lzf"))).contents == [Self.repeated("abc", 100)])
        let again = try RDBFixture.reencode(f, options: RDBWriteOptions(compression: false, checksum: false))
        #expect(again == bytes)
    }

    @Test(arguments: ["types.rdb", "expiry.rdb", "multidb.rdb", "list-plain.rdb"])
    func reencodingGivesTheSameBytes(_ name: String) throws {
        let bytes = try RDBFixture.bytes(name)
        let f = try RDBFixture.decode(bytes)
        // list-plain.rdb was written with a 100-byte PLAIN threshold: its list differs.
        if name == "list-plain.rdb" {
            #expect(try RDBFixture.reencode(f, options: RDBWriteOptions()) != bytes)
            return
        }
        let again = try RDBFixture.reencode(f, options: RDBWriteOptions())
        #expect(again.count == bytes.count)
        #expect(again == bytes)
        if again != bytes, let i = zip(again, bytes).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("first difference at offset \(i)")
        }
    }

    @Test func dumpPayloadsFromRedisRestoreAndMatchOurs() throws {
        let f = try RDBFixture.load("types.rdb")
        let dumps = try RDBFixture.dumps()
        #expect(dumps.count == 25)
        for (key, payload) in dumps {
            let restored = try payload.withUnsafeBytes { try RDBDecoder.restorePayload($0, limits: EncodingLimits()) }
            let original = try #require(f.value(key))
            #expect(ValueSnapshot(restored) == ValueSnapshot(original), "\(key)")
            let ours = RDBEncoder.dumpPayload(original, options: RDBWriteOptions())
            #expect(hexString(ours) == hexString(payload), "DUMP \(key)")
        }
    }

    @Test func digestsMatchRedis() throws {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var loaded: [String: RDBFixture.Loaded] = [:]
        for (file, db, key, digest) in try RDBFixture.digests() {
            if loaded[file] == nil { loaded[file] = try RDBFixture.load(file, now: now) }
            let f = loaded[file]!
            if key == "*" {
                #expect(hexString(Digest.dataset(f.databases)) == digest, "DEBUG DIGEST of \(file)")
            } else {
                let entry = try #require(f.entry(key, db: Int(db)!), "\(file) \(key)")
                #expect(hexString(Digest.value(entry.value, expireAt: entry.expireAt)) == digest, "\(file) \(key)")
            }
        }
        #expect(loaded.count == 6)
        #expect(Digest.dataset([Database(id: 0)]) == [UInt8](repeating: 0, count: 20))
    }
}
