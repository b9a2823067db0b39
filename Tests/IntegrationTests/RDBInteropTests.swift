import Foundation
import RESP
import Testing

@testable import RedisServer

/// Our RDB files and DUMP payloads against the real thing: redis-check-rdb accepts our files,
/// redis-server 7.0 loads them into the dataset we meant (same DEBUG DIGEST), and DUMP
/// payloads travel both ways.
@Suite(.serialized) struct RDBInteropTests {
    static let limits = EncodingLimits()

    /// Every type in every encoding, some expiring, in three databases.
    static func dataset() -> [Database] {
        let dbs = (0..<16).map { Database(id: $0) }
        func put(_ key: String, _ value: RedisValue, db: Int = 0, expireAt: Int64 = -1) {
            dbs[db].add(Bytes(key), DBEntry(value: value, expireAt: expireAt))
        }
        func list(_ items: [String]) -> RedisValue {
            let l = ListObject()
            for i in items { l.items.append(Bytes(i)) }
            return .list(l)
        }
        func set(_ members: [String]) -> RedisValue { .set(SetObject(members: members.map { Bytes($0) }, limits: limits)) }
        func hash(_ pairs: [(String, String)]) -> RedisValue {
            let h = HashObject()
            for (f, v) in pairs { h.set(Bytes(f), Bytes(v), limits: limits) }
            return .hash(h)
        }
        func zset(_ entries: [(Double, String)]) -> RedisValue {
            let z = SortedSetObject()
            for (s, m) in entries { z.set(Bytes(m), score: s, limits: limits) }
            return .zset(z)
        }
        put("s:int", .string("12345"))
        put("s:int64", .string("-9223372036854775808"))
        put("s:embstr", .string("hello"))
        put("s:raw", .string("The quick brown fox jumps over the lazy dog 0123456789"))
        put("s:lzf", .string(Bytes(String(repeating: "ab", count: 200))))
        put("s:binary", .string(Bytes([0, 255, 10, 13, 0])))
        put("s:empty", .string(""))
        put("l:small", list(["a", "1", "", "-5", "0012"]))
        put("l:big", list((0..<5000).map { "value-\($0)" }))
        put("l:huge", list([String(repeating: "h", count: 70000), "x", String(repeating: "y", count: 5000)]))
        put("set:i16", set(["3", "1", "2"]))
        put("set:i64", set(["-9223372036854775808", "9223372036854775807"]))
        put("set:table", set(["apple", "banana", "1"]))
        put("set:big", set((0..<700).map(String.init)))
        put("h:listpack", hash([("name", "Ann"), ("age", "30"), ("neg", "-1")]))
        put("h:long", hash([("k", String(repeating: "v", count: 100)), ("a", "b")]))
        put("h:big", hash((0..<600).map { ("f\($0)", "v\($0)") }))
        put("z:listpack", zset([(1, "one"), (-.infinity, "lo"), (.infinity, "hi"), (0.1, "tenth"), (1e20, "big"), (-2.5, "neg")]))
        put("z:skiplist", zset((0..<300).map { (Double($0) / 7, "m\($0)") }))
        put("z:long", zset([(1, String(repeating: "m", count: 100)), (2, "x")]))
        put("exp:future", .string("later"), expireAt: 4_102_444_800_000)
        put("exp:hash", hash([("f", "v")]), expireAt: 4_102_444_800_123)
        put("other", list(["x", "y"]), db: 5)
        put("last", hash([("f", "v")]), db: 15)
        return dbs
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func write(_ dbs: [Database], options: RDBWriteOptions, to url: URL) throws {
        var file: [UInt8] = []
        try RDBEncoder.encodeFile(databases: dbs, aux: [], options: options) { file.append(contentsOf: $0) }
        try Data(file).write(to: url)
    }

    /// The encoding our decoder picks for `entry`'s value after a reload of our own file.
    static func reloadedEncodings(_ url: URL, limits: EncodingLimits) throws -> [String: String] {
        let bytes = [UInt8](try Data(contentsOf: url))
        var out: [String: String] = [:]
        _ = try bytes.withUnsafeBytes { raw in
            try RDBDecoder.decodeFile(raw, limits: limits, now: nil, databases: 16) { db, key, entry in
                out["\(db)/\(key)"] = ObjectCommands.encoding(of: entry)
            }
        }
        return out
    }

    static let variants: [(name: String, options: RDBWriteOptions, serverArgs: [String])] = [
        ("defaults", RDBWriteOptions(), []),
        ("no compression, no checksum", RDBWriteOptions(compression: false, checksum: false), ["--rdbcompression", "no"]),
        ("small compressed list nodes", RDBWriteOptions(listMaxListpackSize: 16, listCompressDepth: 1),
         ["--list-max-listpack-size", "16", "--list-compress-depth", "1"]),
    ]

    @Test(arguments: 0..<variants.count)
    func ourFilesPassRedisCheckRDBAndLoadIntoRedis(_ variant: Int) throws {
        let (name, options, serverArgs) = Self.variants[variant]
        let temporary = try TemporaryDirectory("rdb")
        let dir = temporary.url
        let dbs = Self.dataset()
        let file = dir.appendingPathComponent("ours.rdb")
        try Self.write(dbs, options: options, to: file)

        let check = try ExternalTool.run("redis-check-rdb", [file.path])
        #expect(check.status == 0, "\(name): \(check.output)")
        #expect(check.output.contains("RDB looks OK"), "\(name): \(check.output)")

        let server = try ReferenceRedis.start(directory: dir, dbfilename: "ours.rdb", extraArguments: serverArgs)
        defer { server.stop() }
        let c = try server.connect()
        #expect(try c.command("DEBUG", "DIGEST") == .simpleString(Self.hex(Digest.dataset(dbs))), "\(name)")
        let ours = try Self.reloadedEncodings(file, limits: Self.limits)
        for db in dbs where db.count > 0 {
            try c.command("SELECT", String(db.id))
            #expect(try c.command("DBSIZE") == .integer(Int64(db.count)))
            for key in db.table.keys {
                let entry = try #require(db.entry(key))
                let k = key.string
                #expect(
                    try c.command("DEBUG", "DIGEST-VALUE", k) == .array([.simpleString(Self.hex(Digest.value(entry.value, expireAt: entry.expireAt)))]),
                    "\(name): \(k)")
                #expect(try c.command("OBJECT", "ENCODING", k).string == ours["\(db.id)/\(k)"], "\(name): encoding of \(k)")
            }
        }
        try c.command("SELECT", "0")
        #expect(try c.command("PEXPIRETIME", "exp:future") == .integer(4_102_444_800_000))
        #expect(try c.command("LINDEX", "l:big", "4321") == .bulk("value-4321"))
        #expect(try c.command("ZSCORE", "z:listpack", "tenth") == .bulk("0.10000000000000001"))
        #expect(try c.command("HGET", "h:big", "f599") == .bulk("v599"))
    }

    /// DUMP payloads both ways: Redis restores ours, we restore Redis's, both hold the same
    /// value, and for encodings without hash-table order our bytes are Redis's bytes.
    @Test func dumpPayloadsTravelBothWays() throws {
        let temporary = try TemporaryDirectory("rdb")
        let dir = temporary.url
        let server = try ReferenceRedis.start(directory: dir)
        defer { server.stop() }
        let c = try server.connect()
        let dbs = Self.dataset()
        var compared = 0
        for db in dbs where db.count > 0 {
            for key in db.table.keys {
                let value = try #require(db.entry(key)).value
                let ours = RDBEncoder.dumpPayload(value, options: RDBWriteOptions())
                let k = Array("\(db.id):".utf8) + key.array
                #expect(try c.command([Array("RESTORE".utf8), k, Array("0".utf8), ours]) == .simpleString("OK"), "\(key)")
                let digest = Self.hex(Digest.value(value, expireAt: -1))
                #expect(try c.command([Array("DEBUG".utf8), Array("DIGEST-VALUE".utf8), k]) == .array([.simpleString(digest)]), "\(key)")

                guard case .bulkString(let theirs?) = try c.command([Array("DUMP".utf8), k]) else {
                    Issue.record("no DUMP for \(key)")
                    continue
                }
                let back = try theirs.withUnsafeBytes { try RDBDecoder.restorePayload($0, limits: Self.limits) }
                #expect(Self.hex(Digest.value(back, expireAt: -1)) == digest, "\(key)")
                let tableOrdered = RDBValueEncoder.type(of: back) == 2 || RDBValueEncoder.type(of: back) == 4
                if !tableOrdered {
                    #expect(Self.hex(ours) == Self.hex(theirs), "DUMP bytes of \(key)")
                    compared += 1
                }
            }
        }
        #expect(compared > 15)
    }

    /// A file Redis writes (SAVE) loads here into the dataset Redis digests.
    @Test func redisSavedFileLoadsHere() throws {
        let temporary = try TemporaryDirectory("rdb")
        let dir = temporary.url
        try Self.write(Self.dataset(), options: RDBWriteOptions(), to: dir.appendingPathComponent("dump.rdb"))
        let server = try ReferenceRedis.start(directory: dir)
        defer { server.stop() }
        let c = try server.connect()
        try c.command("SET", "added", "by redis")
        try c.command("SADD", "nums", "1", "2", "3")
        #expect(try c.command("SAVE") == .simpleString("OK"))
        let digest = try c.command("DEBUG", "DIGEST")
        let bytes = [UInt8](try Data(contentsOf: dir.appendingPathComponent("dump.rdb")))
        let dbs = (0..<16).map { Database(id: $0) }
        let info = try bytes.withUnsafeBytes { raw in
            try RDBDecoder.decodeFile(raw, limits: Self.limits, now: nil, databases: 16) { db, key, entry in dbs[db].add(key, entry) }
        }
        #expect(info.aux["redis-ver"] == "7.0.15")
        #expect(info.keysLoaded == 26)
        #expect(digest == .simpleString(Self.hex(Digest.dataset(dbs))))
    }

    /// The error replies our RESTORE copies are the ones Redis 7.0 gives.
    @Test func restoreErrorTextsMatchRedis() throws {
        let temporary = try TemporaryDirectory("rdb")
        let dir = temporary.url
        let server = try ReferenceRedis.start(directory: dir)
        defer { server.stop() }
        let c = try server.connect()
        try c.command("SET", "k", "v")
        guard case .bulkString(let p?) = try c.command("DUMP", "k") else {
            Issue.record("no DUMP")
            return
        }
        func restore(_ key: String, _ ttl: String, _ payload: [UInt8], _ extra: [String] = []) throws -> RESPValue {
            try c.command([Array("RESTORE".utf8), Array(key.utf8), Array(ttl.utf8), payload] + extra.map { Array($0.utf8) })
        }
        #expect(try restore("k", "0", p) == .error("BUSYKEY Target key name already exists."))
        #expect(try restore("n", "-1", p) == .error("ERR Invalid TTL value, must be >= 0"))
        #expect(try restore("n", "0", Array("junk".utf8)) == .error("ERR DUMP payload version or checksum are wrong"))
        func payload(_ value: [UInt8]) -> [UInt8] {
            let body = value + [10, 0]
            let crc = CRC64.checksum(body)
            return body + (0..<8).map { UInt8(truncatingIfNeeded: crc >> (8 * UInt64($0))) }
        }
        #expect(try restore("n", "0", payload([0, 0x82])) == .error("ERR Bad data format"))
        #expect(try restore("n", "0", payload([2, 0])) == .error("ERR Bad data format"), "empty set")
        #expect(try restore("n", "0", payload([0, 12, 1])) == .error("ERR Bad data format"), "string past the end")
        // A string running on into the footer takes its bytes, here and there.
        let into = payload([0, 9, 65])
        #expect(try restore("into", "0", into) == .simpleString("OK"))
        let ours = try into.withUnsafeBytes { try RDBDecoder.restorePayload($0, limits: Self.limits) }
        guard case .string(let s) = ours else {
            Issue.record("not a string: \(ours)")
            return
        }
        #expect(s.count == 9)
        #expect(try c.command("GET", "into") == .bulkString(s.array))
        #expect(try restore("n", "0", p, ["IDLETIME", "-1"]) == .error("ERR Invalid IDLETIME value, must be >= 0"))
        #expect(try restore("n", "0", p, ["FREQ", "300"]) == .error("ERR Invalid FREQ value, must be >= 0 and <= 255"))
        #expect(try restore("n", "0", p, ["IDLETIME", "1", "FREQ", "1"]) == .error("ERR syntax error"))
    }
}
