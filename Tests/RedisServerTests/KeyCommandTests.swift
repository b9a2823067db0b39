import RESP
import Testing

@testable import RedisServer

/// The generic keyspace commands other than the TTL family: DEL, UNLINK, EXISTS, TOUCH, TYPE,
/// KEYS, RANDOMKEY, RENAME, RENAMENX, MOVE, COPY, OBJECT. Expected replies are redis-server
/// 7.0.15's.
@Suite struct KeyCommandTests {
    static func sorted(_ v: RESPValue) -> [String] { (v.elements ?? []).map { $0.string ?? "?" }.sorted() }

    @Test func delAndUnlinkCountDistinctExistingKeys() {
        let t = TestNode()
        t.run("MSET", "a", "1", "b", "2")
        #expect(t.run("DEL", "a", "b", "c", "a") == .integer(2))
        #expect(t.run("DEL") == .error("ERR wrong number of arguments for 'del' command"))
        t.run("SET", "a", "1")
        #expect(t.run("UNLINK", "a", "b") == .integer(1))
        #expect(t.run("UNLINK", "a") == .integer(0))
        #expect(t.run("EXISTS", "a") == .integer(0))
    }

    @Test func delPropagatesOnlyWhenSomethingWasDeleted() {
        let t = TestNode()
        t.run("SET", "a", "1")
        #expect(t.propagated("DEL", "zz") == [])
        #expect(t.propagated("DEL", "a", "zz") == [["DEL", "a", "zz"]])
    }

    @Test func existsAndTouchCountRepeats() {
        let t = TestNode()
        t.run("SET", "a", "1")
        #expect(t.run("EXISTS", "a", "a", "b") == .integer(2))
        #expect(t.run("TOUCH", "a", "a", "b") == .integer(2))
        #expect(t.run("EXISTS") == .error("ERR wrong number of arguments for 'exists' command"))
        #expect(t.run("TOUCH") == .error("ERR wrong number of arguments for 'touch' command"))
    }

    @Test func typeNamesEveryKind() {
        let t = TestNode()
        t.run("SET", "s", "1")
        t.run("RPUSH", "l", "a")
        t.run("HSET", "h", "f", "v")
        t.run("SADD", "st", "m")
        t.run("ZADD", "z", "1", "m")
        #expect(t.run("TYPE", "s") == .simpleString("string"))
        #expect(t.run("TYPE", "l") == .simpleString("list"))
        #expect(t.run("TYPE", "h") == .simpleString("hash"))
        #expect(t.run("TYPE", "st") == .simpleString("set"))
        #expect(t.run("TYPE", "z") == .simpleString("zset"))
        #expect(t.run("TYPE", "none") == .simpleString("none"))
        #expect(t.run("TYPE") == .error("ERR wrong number of arguments for 'type' command"))
    }

    @Test func keysMatchesGlobPatterns() {
        let t = TestNode()
        t.run("MSET", "foo", "1", "bar", "2", "fob", "3", "f*o", "4", "h[e]llo", "5", "hello", "6", "hallo", "7")
        #expect(Self.sorted(t.run("KEYS", "f?o")) == ["f*o", "foo"])
        #expect(Self.sorted(t.run("KEYS", "h[ae]llo")) == ["hallo", "hello"])
        #expect(Self.sorted(t.run("KEYS", "h[^e]llo")) == ["hallo"])
        #expect(Self.sorted(t.run("KEYS", "h[a-b]llo")) == ["hallo"])
        #expect(t.run("KEYS", "f\\*o") == .array([.bulk("f*o")]))
        #expect(t.run("KEYS", "nomatch") == .array([]))
        #expect(Self.sorted(t.run("KEYS", "*")).count == 7)
        #expect(t.run("KEYS", "a", "b") == .error("ERR wrong number of arguments for 'keys' command"))
    }

    @Test func keysSkipsExpiredKeysWithoutDeletingThem() {
        let t = TestNode()
        t.run("SET", "gone", "1", "PX", "10")
        t.run("SET", "kept", "1")
        t.advance(milliseconds: 20)
        #expect(t.run("KEYS", "*") == .array([.bulk("kept")]))
        // KEYS only filters: the expired key is still counted until something touches it.
        #expect(t.run("DBSIZE") == .integer(2))
    }

    @Test func randomKey() {
        let t = TestNode()
        #expect(t.run("RANDOMKEY") == .bulkString(nil))
        t.run("SET", "a", "1")
        #expect(t.run("RANDOMKEY") == .bulk("a"))
        #expect(t.run("RANDOMKEY", "x") == .error("ERR wrong number of arguments for 'randomkey' command"))
        t.resp3()
        t.run("DEL", "a")
        #expect(t.run("RANDOMKEY") == .null)
    }

    @Test func randomKeyNeverReturnsAnExpiredKey() {
        let t = TestNode()
        for i in 0..<20 { t.run("SET", "old\(i)", "1", "PX", "10") }
        t.run("SET", "live", "1")
        t.advance(milliseconds: 20)
        #expect(t.run("RANDOMKEY") == .bulk("live"))
    }

    @Test func renameMovesValueAndTTL() {
        let t = TestNode()
        #expect(t.run("RENAME", "nokey", "x") == .error("ERR no such key"))
        t.run("SET", "a", "1")
        #expect(t.run("RENAME", "a", "a") == .simpleString("OK"))
        #expect(t.run("RENAME", "a", "b") == .simpleString("OK"))
        #expect(t.run("GET", "b") == .bulk("1"))
        #expect(t.run("EXISTS", "a") == .integer(0))
        t.run("SET", "c", "2")
        #expect(t.run("RENAME", "b", "c") == .simpleString("OK"))
        #expect(t.run("GET", "c") == .bulk("1"))
        // The destination's type does not matter: it is replaced.
        t.run("RPUSH", "l", "1")
        #expect(t.run("RENAME", "l", "c") == .simpleString("OK"))
        #expect(t.run("TYPE", "c") == .simpleString("list"))
        t.run("SET", "t", "1", "EX", "100")
        #expect(t.run("RENAME", "t", "t2") == .simpleString("OK"))
        #expect(t.run("TTL", "t2") == .integer(100))
        // The source's TTL replaces the destination's.
        t.run("SET", "p", "1")
        t.run("SET", "q", "1", "EX", "50")
        t.run("RENAME", "p", "q")
        #expect(t.run("TTL", "q") == .integer(-1))
    }

    @Test func renameNX() {
        let t = TestNode()
        #expect(t.run("RENAMENX", "nokey", "x") == .error("ERR no such key"))
        t.run("SET", "c", "1")
        t.run("SET", "x", "2")
        #expect(t.run("RENAMENX", "c", "x") == .integer(0))
        #expect(t.run("RENAMENX", "c", "c") == .integer(0))
        #expect(t.run("RENAMENX", "c", "y") == .integer(1))
        #expect(t.run("GET", "y") == .bulk("1"))
        #expect(t.run("GET", "x") == .bulk("2"))
    }

    @Test func renameOntoAnExpiredKeyTreatsItAsAbsent() {
        let t = TestNode()
        t.run("SET", "old", "x", "PX", "10")
        t.run("SET", "new", "y")
        t.advance(milliseconds: 20)
        #expect(t.run("RENAMENX", "new", "old") == .integer(1))
        #expect(t.run("GET", "old") == .bulk("y"))
        #expect(t.run("TTL", "old") == .integer(-1))
    }

    @Test func renamePropagation() {
        let t = TestNode()
        t.run("SET", "a", "1")
        #expect(t.propagated("RENAME", "a", "b") == [["RENAME", "a", "b"]])
        #expect(t.propagated("RENAME", "b", "b") == [])
        t.run("SET", "c", "1")
        #expect(t.propagated("RENAMENX", "b", "c") == [])
    }

    @Test func moveBetweenDatabases() {
        let t = TestNode()
        t.run("SET", "a", "1")
        #expect(t.run("MOVE", "a", "1") == .integer(1))
        #expect(t.run("MOVE", "a", "1") == .integer(0))
        #expect(t.run("EXISTS", "a") == .integer(0))
        t.run("SELECT", "1")
        #expect(t.run("GET", "a") == .bulk("1"))
        t.run("SELECT", "0")
        // An existing key in the target blocks the move.
        t.run("SET", "a", "3")
        #expect(t.run("MOVE", "a", "1") == .integer(0))
        #expect(t.run("GET", "a") == .bulk("3"))
        #expect(t.run("MOVE", "a", "0") == .error("ERR source and destination objects are the same"))
        #expect(t.run("MOVE", "a", "16") == .error("ERR DB index is out of range"))
        #expect(t.run("MOVE", "a", "-1") == .error("ERR DB index is out of range"))
        #expect(t.run("MOVE", "a", "x") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("MOVE", "nokey", "1") == .integer(0))
        t.run("SET", "t", "1", "EX", "100")
        #expect(t.run("MOVE", "t", "2") == .integer(1))
        t.run("SELECT", "2")
        #expect(t.run("TTL", "t") == .integer(100))
    }

    @Test func copyIsDeep() {
        let t = TestNode()
        t.run("RPUSH", "l", "1", "2", "3")
        #expect(t.run("COPY", "l", "l2") == .integer(1))
        t.run("RPUSH", "l2", "4")
        #expect(t.run("LRANGE", "l", "0", "-1") == bulks("1", "2", "3"))
        #expect(t.run("LRANGE", "l2", "0", "-1") == bulks("1", "2", "3", "4"))
        t.run("HSET", "h", "a", "1")
        #expect(t.run("COPY", "h", "h2") == .integer(1))
        t.run("HSET", "h2", "b", "2")
        #expect(t.run("HLEN", "h") == .integer(1))
        t.run("SADD", "s", "1", "2")
        #expect(t.run("COPY", "s", "s2") == .integer(1))
        t.run("SREM", "s2", "1")
        #expect(t.run("SCARD", "s") == .integer(2))
        t.run("ZADD", "z", "1", "a")
        #expect(t.run("COPY", "z", "z2") == .integer(1))
        t.run("ZADD", "z2", "2", "b")
        #expect(t.run("ZRANGE", "z", "0", "-1", "WITHSCORES") == bulks("a", "1"))
        t.run("SET", "t", "1", "EX", "100")
        #expect(t.run("COPY", "t", "t2") == .integer(1))
        #expect(t.run("TTL", "t2") == .integer(100))
    }

    @Test func copyOptionsAndErrors() {
        let t = TestNode()
        t.run("SET", "a", "hello")
        #expect(t.run("COPY", "a", "b") == .integer(1))
        t.run("SET", "a", "world")
        #expect(t.run("COPY", "a", "b") == .integer(0))
        #expect(t.run("GET", "b") == .bulk("hello"))
        #expect(t.run("COPY", "a", "b", "REPLACE") == .integer(1))
        #expect(t.run("GET", "b") == .bulk("world"))
        #expect(t.run("COPY", "a", "a") == .error("ERR source and destination objects are the same"))
        #expect(t.run("COPY", "a", "a", "DB", "0") == .error("ERR source and destination objects are the same"))
        #expect(t.run("COPY", "a", "a", "DB", "1") == .integer(1))
        t.run("SELECT", "1")
        #expect(t.run("GET", "a") == .bulk("world"))
        t.run("SELECT", "0")
        #expect(t.run("COPY", "a", "c", "DB", "16") == .error("ERR DB index is out of range"))
        #expect(t.run("COPY", "a", "c", "DB", "x") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("COPY", "a", "c", "FOO") == .error("ERR syntax error"))
        #expect(t.run("COPY", "a", "c", "DB") == .error("ERR syntax error"))
        #expect(t.run("COPY", "a", "c", "REPLACE", "REPLACE") == .integer(1))
        #expect(t.run("COPY", "nokey", "c") == .integer(0))
    }

    @Test func ttlAndObjectAndCopyCountKeyspaceHitsAndMisses() {
        let t = TestNode()
        t.run("SET", "a", "1")
        t.run("CONFIG", "RESETSTAT")
        for args in [
            ["TTL", "a"], ["PTTL", "zz"], ["EXPIRETIME", "a"], ["PEXPIRETIME", "zz"], ["OBJECT", "ENCODING", "a"],
            ["OBJECT", "REFCOUNT", "zz"], ["COPY", "a", "b"], ["COPY", "zz", "c"], ["TYPE", "a"], ["EXISTS", "zz"],
        ] {
            t.run(args.map { Array($0.utf8) })
        }
        let info = t.run("INFO", "stats").string ?? ""
        #expect(info.contains("keyspace_hits:5\r\n"))
        #expect(info.contains("keyspace_misses:5\r\n"))
    }

    @Test func objectEncodingAndRefcount() {
        let t = TestNode()
        t.run("SET", "a", "123")
        #expect(t.encoding("a") == .bulk("int"))
        // Redis shares the integers below 10000 and reports them as immortal.
        #expect(t.run("OBJECT", "REFCOUNT", "a") == .integer(2_147_483_647))
        t.run("SET", "b", "12345")
        #expect(t.run("OBJECT", "REFCOUNT", "b") == .integer(1))
        t.run("SET", "n", "9999")
        #expect(t.run("OBJECT", "REFCOUNT", "n") == .integer(2_147_483_647))
        t.run("SET", "n", "10000")
        #expect(t.run("OBJECT", "REFCOUNT", "n") == .integer(1))
        t.run("SET", "n", "-1")
        #expect(t.run("OBJECT", "REFCOUNT", "n") == .integer(1))
        t.run("SET", "c", "hello")
        #expect(t.encoding("c") == .bulk("embstr"))
        #expect(t.run("OBJECT", "REFCOUNT", "c") == .integer(1))
        t.run("RPUSH", "l", "a")
        #expect(t.encoding("l") == .bulk("quicklist"))
        t.run("HSET", "h", "a", "1")
        #expect(t.encoding("h") == .bulk("listpack"))
        t.run("SADD", "s", "1")
        #expect(t.encoding("s") == .bulk("intset"))
        t.run("SADD", "s2", "a")
        #expect(t.encoding("s2") == .bulk("hashtable"))
        t.run("ZADD", "z", "1", "a")
        #expect(t.encoding("z") == .bulk("listpack"))
        #expect(t.encoding("nokey") == .bulkString(nil))
        #expect(t.run("OBJECT", "REFCOUNT", "nokey") == .bulkString(nil))
    }

    @Test func objectErrors() {
        let t = TestNode()
        #expect(t.run("OBJECT", "FOO", "a") == .error("ERR unknown subcommand 'FOO'. Try OBJECT HELP."))
        #expect(t.run("OBJECT") == .error("ERR wrong number of arguments for 'object' command"))
        #expect(t.run("OBJECT", "ENCODING") == .error("ERR wrong number of arguments for 'object|encoding' command"))
    }
}
