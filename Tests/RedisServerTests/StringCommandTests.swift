import RESP
import Testing

@testable import RedisServer

@Suite struct StringCommandTests {
    @Test func setAndGet() {
        let t = TestNode()
        #expect(t.run("SET", "k", "v") == .simpleString("OK"))
        #expect(t.run("GET", "k") == .bulk("v"))
        #expect(t.run("GET", "missing") == .bulkString(nil))
    }

    @Test func setOptions() {
        let t = TestNode()
        #expect(t.run("SET", "k", "v", "NX") == .simpleString("OK"))
        #expect(t.run("SET", "k", "w", "NX") == .bulkString(nil))
        #expect(t.run("SET", "k", "w", "XX", "GET") == .bulk("v"))
        #expect(t.run("SET", "k", "x", "NX", "XX") == .error("ERR syntax error"))
        #expect(t.run("SET", "k", "x", "EX", "0") == .error("ERR invalid expire time in 'set' command"))
        #expect(t.run("SET", "k", "x", "EX", "10", "PX", "5") == .error("ERR syntax error"))
        #expect(t.run("SET", "k", "x", "EX", "10") == .simpleString("OK"))
        #expect(t.run("TTL", "k") == .integer(10))
        #expect(t.run("SET", "k", "y", "KEEPTTL") == .simpleString("OK"))
        #expect(t.run("TTL", "k") == .integer(10))
        #expect(t.run("SET", "k", "z") == .simpleString("OK"))
        #expect(t.run("TTL", "k") == .integer(-1))
    }

    @Test func expiryIsLazy() {
        let t = TestNode()
        t.run("SET", "k", "v", "PX", "100")
        t.advance(milliseconds: 99)
        #expect(t.run("GET", "k") == .bulk("v"))
        t.advance(milliseconds: 1)
        #expect(t.run("GET", "k") == .bulkString(nil))
        #expect(t.run("DBSIZE") == .integer(0))
    }

    @Test func counters() {
        let t = TestNode()
        #expect(t.run("INCR", "n") == .integer(1))
        #expect(t.run("INCRBY", "n", "41") == .integer(42))
        #expect(t.run("DECRBY", "n", "2") == .integer(40))
        #expect(t.run("SET", "s", "abc") == .simpleString("OK"))
        #expect(t.run("INCR", "s") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("SET", "big", "9223372036854775807") == .simpleString("OK"))
        #expect(t.run("INCR", "big") == .error("ERR increment or decrement would overflow"))
        #expect(t.run("INCRBYFLOAT", "f", "0.1") == .bulk("0.1"))
        #expect(t.run("INCRBYFLOAT", "f", "1e20") == .bulk("100000000000000000000"))  // as redis-server 7.0 answers
        #expect(t.run("SET", "g", "3.0e3") == .simpleString("OK"))
        #expect(t.run("INCRBYFLOAT", "g", "0") == .bulk("3000"))
    }

    @Test func wrongType() {
        let t = TestNode()
        t.run("LPUSH", "l", "a")
        #expect(t.run("GET", "l") == .error("WRONGTYPE Operation against a key holding the wrong kind of value"))
        #expect(t.run("APPEND", "l", "x").errorMessage?.hasPrefix("WRONGTYPE") == true)
    }

    @Test func rangesAndAppend() {
        let t = TestNode()
        #expect(t.run("APPEND", "k", "Hello") == .integer(5))
        #expect(t.run("APPEND", "k", " World") == .integer(11))
        #expect(t.run("GETRANGE", "k", "0", "4") == .bulk("Hello"))
        #expect(t.run("GETRANGE", "k", "-5", "-1") == .bulk("World"))
        #expect(t.run("SETRANGE", "k", "6", "Redis") == .integer(11))
        #expect(t.run("GET", "k") == .bulk("Hello Redis"))
        #expect(t.run("SETRANGE", "pad", "3", "x") == .integer(4))
        #expect(t.run("GET", "pad") == .bulkString([0, 0, 0, 120]))
        #expect(t.run("STRLEN", "k") == .integer(11))
        #expect(t.run("OBJECT", "ENCODING", "k") == .bulk("raw"))
    }

    @Test func multiKey() {
        let t = TestNode()
        #expect(t.run("MSET", "a", "1", "b", "2") == .simpleString("OK"))
        #expect(t.run("MGET", "a", "b", "c") == .array([.bulk("1"), .bulk("2"), .bulkString(nil)]))
        #expect(t.run("MSETNX", "c", "3", "a", "x") == .integer(0))
        #expect(t.run("MSETNX", "c", "3", "d", "4") == .integer(1))
        #expect(t.run("MSET", "a") == .error("ERR wrong number of arguments for 'mset' command"))
        #expect(t.run("GETDEL", "a") == .bulk("1"))
        #expect(t.run("EXISTS", "a") == .integer(0))
    }
}
