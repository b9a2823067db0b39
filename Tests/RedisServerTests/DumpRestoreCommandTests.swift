import RESP
import Testing

@testable import RedisServer

/// DUMP and RESTORE as commands: replies and errors as Redis 7.0 gives them.
@Suite struct DumpRestoreCommandTests {
    static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    static func payload(_ reply: RESPValue) -> [UInt8]? {
        if case .bulkString(let b) = reply { return b }
        return nil
    }

    @Test func dumpOfMissingKeyIsNull() {
        let t = TestNode()
        #expect(t.run("DUMP", "nope").isNull)
    }

    @Test func dumpOfAString() throws {
        let t = TestNode()
        t.run("SET", "k", "v")
        let p = try #require(Self.payload(t.run("DUMP", "k")))
        #expect(Array(p.prefix(5)) == [0, 1, 0x76, 10, 0])
        #expect(p.count == 13)
        #expect(t.run("DUMP", "k", "extra") == .error("ERR wrong number of arguments for 'dump' command"))
    }

    /// Redis's own payloads restore, read back the same, and DUMP back to the same bytes.
    @Test func redisPayloadsRestoreAndDumpBackIdentically() throws {
        let t = TestNode()
        let fixture = try RDBFixture.load("types.rdb")
        for (key, payload) in try RDBFixture.dumps() {
            #expect(t.run([Self.bytes("RESTORE"), Self.bytes(key), Self.bytes("0"), payload]) == .simpleString("OK"), "\(key)")
            let entry = try #require(t.node.databases[0].entry(Bytes(key)))
            #expect(entry.expireAt == -1)
            #expect(ValueSnapshot(entry.value) == ValueSnapshot(try #require(fixture.value(key))), "\(key)")
            #expect(Self.payload(t.run("DUMP", key)) == payload, "DUMP \(key)")
        }
        #expect(t.run("TYPE", "zset:skiplist") == .simpleString("zset"))
        #expect(t.run("OBJECT", "ENCODING", "set:intset32") == .bulk("intset"))
        #expect(t.run("LRANGE", "list:small", "0", "-1") == .array(["a", "b", "c", "1", "2", "-3", ""].map { RESPValue.bulk($0) }))
    }

    @Test func existingKeysNeedReplace() throws {
        let t = TestNode()
        t.run("SET", "src", "new value")
        let p = try #require(Self.payload(t.run("DUMP", "src")))
        t.run("SET", "k", "old")
        #expect(t.run([Self.bytes("RESTORE"), Self.bytes("k"), Self.bytes("0"), p]) == .error("BUSYKEY Target key name already exists."))
        // BUSYKEY is checked before the TTL.
        #expect(t.run([Self.bytes("RESTORE"), Self.bytes("k"), Self.bytes("-1"), p]) == .error("BUSYKEY Target key name already exists."))
        t.run("EXPIRE", "k", "100")
        #expect(t.run([Self.bytes("RESTORE"), Self.bytes("k"), Self.bytes("0"), p, Self.bytes("replace")]) == .simpleString("OK"))
        #expect(t.run("GET", "k") == .bulk("new value"))
        #expect(t.run("TTL", "k") == .integer(-1))
    }

    @Test func ttlRelativeAndAbsolute() throws {
        let t = TestNode()
        t.run("SET", "src", "v")
        let p = try #require(Self.payload(t.run("DUMP", "src")))
        #expect(t.run([Self.bytes("RESTORE"), Self.bytes("a"), Self.bytes("5000"), p]) == .simpleString("OK"))
        #expect(t.run("PTTL", "a") == .integer(5000))
        let at = String(t.now + 10_000)
        #expect(t.run([Self.bytes("RESTORE"), Self.bytes("b"), Self.bytes(at), p, Self.bytes("ABSTTL")]) == .simpleString("OK"))
        #expect(t.run("PTTL", "b") == .integer(10_000))
        // Already expired: OK, and nothing is created ...
        let past = String(t.now - 1)
        #expect(t.run([Self.bytes("RESTORE"), Self.bytes("c"), Self.bytes(past), p, Self.bytes("ABSTTL")]) == .simpleString("OK"))
        #expect(t.run("EXISTS", "c") == .integer(0))
        // ... and with REPLACE the old key is gone.
        #expect(t.run([Self.bytes("RESTORE"), Self.bytes("a"), Self.bytes(past), p, Self.bytes("ABSTTL"), Self.bytes("REPLACE")]) == .simpleString("OK"))
        #expect(t.run("EXISTS", "a") == .integer(0))
    }

    @Test func argumentErrors() throws {
        let t = TestNode()
        t.run("SET", "src", "v")
        let p = try #require(Self.payload(t.run("DUMP", "src")))
        func restore(_ extra: [String], ttl: String = "0") -> RESPValue {
            t.run([Self.bytes("RESTORE"), Self.bytes("k"), Self.bytes(ttl), p] + extra.map(Self.bytes))
        }
        #expect(restore([], ttl: "-1") == .error("ERR Invalid TTL value, must be >= 0"))
        #expect(restore([], ttl: "x") == .error("ERR value is not an integer or out of range"))
        #expect(restore(["IDLETIME", "-1"]) == .error("ERR Invalid IDLETIME value, must be >= 0"))
        #expect(restore(["IDLETIME", "x"]) == .error("ERR value is not an integer or out of range"))
        #expect(restore(["FREQ", "256"]) == .error("ERR Invalid FREQ value, must be >= 0 and <= 255"))
        #expect(restore(["IDLETIME", "1", "FREQ", "1"]) == .error("ERR syntax error"))
        #expect(restore(["IDLETIME"]) == .error("ERR syntax error"))
        #expect(restore(["NOPE"]) == .error("ERR syntax error"))
        #expect(t.run("RESTORE", "k", "0") == .error("ERR wrong number of arguments for 'restore' command"))
        #expect(t.run("EXISTS", "k") == .integer(0))
        #expect(restore(["IDLETIME", "10"]) == .simpleString("OK"))
        #expect(restore(["FREQ", "5", "REPLACE"]) == .simpleString("OK"))
    }

    @Test func badPayloads() throws {
        let t = TestNode()
        t.run("SET", "src", "v")
        var p = try #require(Self.payload(t.run("DUMP", "src")))
        func restore(_ payload: [UInt8]) -> RESPValue {
            t.run([Self.bytes("RESTORE"), Self.bytes("k"), Self.bytes("0"), payload])
        }
        let wrongFooter = RESPValue.error("ERR DUMP payload version or checksum are wrong")
        #expect(restore(Self.bytes("garbage")) == wrongFooter)
        #expect(restore(Self.bytes("")) == wrongFooter)
        p[0] = 0x09
        #expect(restore(p) == wrongFooter)
        #expect(restore(LegacyEncodings.payload(0, LegacyEncodings.rdbString("v"), version: 11)) == wrongFooter)
        #expect(restore(LegacyEncodings.payload(0, [0x82])) == .error("ERR Bad data format"))
        #expect(restore(LegacyEncodings.payload(0, [12, 1])) == .error("ERR Bad data format"))
        #expect(restore(LegacyEncodings.payload(15, [0])) == .error("ERR Bad data format"))
        #expect(restore(LegacyEncodings.payload(2, [0])) == .error("ERR Bad data format"))
        #expect(t.run("EXISTS", "k") == .integer(0))
    }

    @Test func restoredEncodingFollowsTheNodeLimits() throws {
        let t = TestNode { $0.encoding.hashMaxListpackEntries = 1 }
        let hashPayload = try #require(try RDBFixture.dumps().first(where: { $0.key == "hash:listpack" })?.payload)
        #expect(t.run([Self.bytes("RESTORE"), Self.bytes("h"), Self.bytes("0"), hashPayload]) == .simpleString("OK"))
        #expect(t.run("OBJECT", "ENCODING", "h") == .bulk("hashtable"))
    }

    @Test func dumpFollowsRDBCompression() throws {
        let long = String(repeating: "ab", count: 50)
        let compressed = TestNode()
        compressed.run("SET", "k", long)
        #expect(Self.payload(compressed.run("DUMP", "k"))?[1] == 0xC3)
        let plain = TestNode { $0.rdbCompression = false }
        plain.run("SET", "k", long)
        #expect(Self.payload(plain.run("DUMP", "k")).map { Array($0[1..<3]) } == [0x40, 100])
    }
}
