import RESP
import Testing

@testable import RedisServer

/// CONFIG SET changes that commands feel at once: encoding thresholds, requirepass.
@Suite struct ConfigEffectTests {
    @Test func hashThresholds() {
        let t = TestNode()
        #expect(t.run("CONFIG", "GET", "hash-max-listpack-entries") == bulks("hash-max-listpack-entries", "512"))
        #expect(t.run("CONFIG", "SET", "hash-max-listpack-entries", "2") == .simpleString("OK"))
        t.run("HSET", "h", "a", "1", "b", "2")
        #expect(t.encoding("h") == .bulk("listpack"))
        t.run("HSET", "h", "c", "3")
        #expect(t.encoding("h") == .bulk("hashtable"))
        t.run("CONFIG", "SET", "hash-max-listpack-value", "3")
        t.run("HSET", "h2", "a", "abc")
        #expect(t.encoding("h2") == .bulk("listpack"))
        t.run("HSET", "h2", "b", "abcd")
        #expect(t.encoding("h2") == .bulk("hashtable"))
        // The old names are aliases of the same settings.
        t.run("CONFIG", "SET", "hash-max-ziplist-entries", "5")
        #expect(t.run("CONFIG", "GET", "hash-max-listpack-entries") == bulks("hash-max-listpack-entries", "5"))
    }

    @Test func setAndSortedSetThresholds() {
        let t = TestNode()
        t.run("CONFIG", "SET", "set-max-intset-entries", "2")
        t.run("SADD", "s", "1", "2")
        #expect(t.encoding("s") == .bulk("intset"))
        t.run("SADD", "s", "3")
        #expect(t.encoding("s") == .bulk("hashtable"))
        t.run("CONFIG", "SET", "zset-max-listpack-entries", "1")
        t.run("ZADD", "z", "1", "a")
        #expect(t.encoding("z") == .bulk("listpack"))
        t.run("ZADD", "z", "2", "b")
        #expect(t.encoding("z") == .bulk("skiplist"))
        t.run("CONFIG", "SET", "zset-max-listpack-value", "2")
        t.run("ZADD", "z2", "1", "abc")
        #expect(t.encoding("z2") == .bulk("skiplist"))
    }

    @Test func convertedValuesStayConverted() {
        let t = TestNode()
        t.run("CONFIG", "SET", "hash-max-listpack-entries", "1")
        t.run("HSET", "h", "a", "1", "b", "2")
        t.run("CONFIG", "SET", "hash-max-listpack-entries", "128")
        t.run("HDEL", "h", "b")
        #expect(t.encoding("h") == .bulk("hashtable"))
    }

    @Test func requirepassAppliesToNewConnections() {
        let t = TestNode()
        #expect(t.run("CONFIG", "SET", "requirepass", "pw") == .simpleString("OK"))
        // The connection that set it stays authenticated.
        #expect(t.run("GET", "k") == .bulkString(nil))
        let newcomer = t.connect()
        #expect(t.run("GET", "k", as: newcomer) == .error("NOAUTH Authentication required."))
        #expect(t.run("AUTH", "pw", as: newcomer) == .simpleString("OK"))
        t.run("CONFIG", "SET", "requirepass", "")
        #expect(t.run("GET", "k", as: t.connect()) == .bulkString(nil))
    }

    @Test func errors() {
        let t = TestNode()
        #expect(t.run("CONFIG", "SET", "nosuch", "1") == .error("ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'"))
        #expect(t.run("CONFIG", "GET", "nosuch") == .array([]))
        #expect(
            t.run("CONFIG", "SET", "hash-max-listpack-entries", "x")
                == .error(
                    "ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument couldn't be parsed into an integer"
                ))
        #expect(
            t.run("CONFIG", "SET", "hash-max-listpack-entries")
                == .error("ERR wrong number of arguments for 'config|set' command"))
        #expect(t.run("CONFIG", "GET") == .error("ERR wrong number of arguments for 'config|get' command"))
        #expect(t.run("CONFIG", "FOO") == .error("ERR unknown subcommand 'FOO'. Try CONFIG HELP."))
        #expect(t.run("CONFIG", "GET", "hash-max-listpack-entries") == bulks("hash-max-listpack-entries", "512"))
    }
}
