import RESP
import Testing

@testable import RedisServer

/// ZADD, ZINCRBY, ZREM and the single-member reads, with replies checked against
/// redis-server 7.0.15.
@Suite struct SortedSetWriteTests {
    @Test func zaddFlags() {
        let t = TestNode()
        #expect(t.run("ZADD", "z", "1", "a", "2", "b", "3", "c") == .integer(3))
        #expect(t.run("ZADD", "z", "NX", "5", "a", "6", "e") == .integer(1))
        #expect(t.run("ZSCORE", "z", "a") == .bulk("1"))
        #expect(t.run("ZADD", "z", "XX", "CH", "10", "a", "7", "f") == .integer(1))
        #expect(t.run("ZSCORE", "z", "f") == .bulkString(nil))
        #expect(t.run("ZADD", "z", "GT", "CH", "5", "a", "20", "b") == .integer(1))
        #expect(t.run("ZADD", "z", "LT", "CH", "5", "a", "30", "c") == .integer(1))
        #expect(t.run("ZRANGE", "z", "0", "-1", "WITHSCORES") == bulks("c", "3", "a", "5", "e", "6", "b", "20"))
        // CH counts an update to the same score as nothing.
        #expect(t.run("ZADD", "z", "CH", "5", "a") == .integer(0))
        #expect(t.run("ZADD", "z", "ch", "nx", "1", "new") == .integer(1))
    }

    @Test func zaddIncrAndZincrby() {
        let t = TestNode()
        #expect(t.run("ZADD", "z", "INCR", "1.5", "a") == .bulk("1.5"))
        #expect(t.run("ZADD", "z", "GT", "XX", "INCR", "1", "a") == .bulk("2.5"))
        #expect(t.run("ZADD", "z", "LT", "INCR", "1", "a") == .bulkString(nil))
        #expect(t.run("ZADD", "z", "NX", "INCR", "1", "a") == .bulkString(nil))
        #expect(t.run("ZADD", "missing", "XX", "INCR", "1", "a") == .bulkString(nil))
        #expect(t.run("EXISTS", "missing") == .integer(0))
        #expect(t.run("ZINCRBY", "z", "10", "a") == .bulk("12.5"))
        #expect(t.run("ZINCRBY", "z", "0.1", "b") == .bulk("0.10000000000000001"))
        #expect(t.run("ZINCRBY", "z", "abc", "a") == .error("ERR value is not a valid float"))
        // ZINCRBY shares ZADD's option parser: an option word eats the increment.
        #expect(t.run("ZINCRBY", "z", "nx", "a") == .error("ERR syntax error"))
        #expect(t.run("ZADD", "z", "inf", "i") == .integer(1))
        #expect(t.run("ZINCRBY", "z", "-inf", "i") == .error("ERR resulting score is not a number (NaN)"))
        #expect(t.run("ZSCORE", "z", "i") == .bulk("inf"))
        t.resp3()
        #expect(t.run("ZINCRBY", "z", "1", "a") == .double(13.5))
        #expect(t.run("ZADD", "z", "XX", "INCR", "1", "nosuch") == .null)
    }

    @Test func zaddErrors() {
        let t = TestNode()
        t.run("SET", "s", "x")
        #expect(t.run("ZADD", "z", "NX", "XX", "1", "a") == .error("ERR XX and NX options at the same time are not compatible"))
        let gtlt = RESPValue.error("ERR GT, LT, and/or NX options at the same time are not compatible")
        #expect(t.run("ZADD", "z", "GT", "LT", "1", "a") == gtlt)
        #expect(t.run("ZADD", "z", "GT", "NX", "1", "a") == gtlt)
        #expect(t.run("ZADD", "z", "INCR", "1", "a", "2", "b") == .error("ERR INCR option supports a single increment-element pair"))
        #expect(t.run("ZADD", "z", "1") == .error("ERR wrong number of arguments for 'zadd' command"))
        #expect(t.run("ZADD", "z", "1", "a", "2") == .error("ERR syntax error"))
        #expect(t.run("ZADD", "z", "NX", "1") == .error("ERR syntax error"))
        // Scores are all checked before anything is added.
        #expect(t.run("ZADD", "z", "1", "a", "nan", "b") == .error("ERR value is not a valid float"))
        #expect(t.run("EXISTS", "z") == .integer(0))
        #expect(t.run("ZADD", "s", "1", "a") == .error("WRONGTYPE Operation against a key holding the wrong kind of value"))
    }

    @Test func readsOnBothProtocols() {
        let t = TestNode()
        t.run("ZADD", "z", "1", "a", "2.5", "b", "-inf", "c")
        #expect(t.run("ZCARD", "z") == .integer(3))
        #expect(t.run("ZCARD", "nokey") == .integer(0))
        #expect(t.run("ZSCORE", "z", "b") == .bulk("2.5"))
        #expect(t.run("ZSCORE", "z", "c") == .bulk("-inf"))
        #expect(t.run("ZSCORE", "z", "x") == .bulkString(nil))
        #expect(t.run("ZSCORE", "nokey", "x") == .bulkString(nil))
        #expect(t.run("ZMSCORE", "z", "a", "x", "b") == .array([.bulk("1"), .bulkString(nil), .bulk("2.5")]))
        #expect(t.run("ZMSCORE", "nokey", "a", "b") == .array([.bulkString(nil), .bulkString(nil)]))
        #expect(t.run("ZRANK", "z", "a") == .integer(1))
        #expect(t.run("ZREVRANK", "z", "a") == .integer(1))
        #expect(t.run("ZREVRANK", "z", "b") == .integer(0))
        #expect(t.run("ZRANK", "z", "x") == .bulkString(nil))
        #expect(t.run("ZRANK", "z", "a", "b") == .error("ERR wrong number of arguments for 'zrank' command"))
        t.resp3()
        #expect(t.run("ZSCORE", "z", "b") == .double(2.5))
        #expect(t.run("ZSCORE", "z", "x") == .null)
        #expect(t.run("ZMSCORE", "z", "a", "x") == .array([.double(1), .null]))
        #expect(t.run("ZRANK", "nokey", "x") == .null)
    }

    @Test func wrongTypeEverywhere() {
        let t = TestNode()
        t.run("SET", "s", "x")
        let wrong = RESPValue.error("WRONGTYPE Operation against a key holding the wrong kind of value")
        for command in [
            ["ZCARD", "s"], ["ZSCORE", "s", "a"], ["ZMSCORE", "s", "a"], ["ZRANK", "s", "a"], ["ZREM", "s", "a"],
            ["ZINCRBY", "s", "1", "a"], ["ZRANGE", "s", "0", "-1"], ["ZRANGEBYLEX", "s", "-", "+"],
            ["ZCOUNT", "s", "0", "1"], ["ZLEXCOUNT", "s", "-", "+"], ["ZREMRANGEBYRANK", "s", "0", "1"],
            ["ZPOPMIN", "s"], ["ZMPOP", "1", "s", "MIN"], ["BZPOPMIN", "s", "0"], ["ZRANDMEMBER", "s"],
            ["ZSCAN", "s", "0"], ["ZUNION", "1", "s"], ["ZRANGESTORE", "d", "s", "0", "-1"],
        ] {
            #expect(t.run(command.map { Array($0.utf8) }) == wrong, "\(command)")
        }
    }

    @Test func zremDeletesTheEmptiedKey() {
        let t = TestNode()
        t.run("ZADD", "z", "1", "a", "2", "b", "3", "c")
        #expect(t.run("ZREM", "z", "a", "x") == .integer(1))
        #expect(t.run("ZREM", "nokey", "a") == .integer(0))
        #expect(t.run("ZREM", "z", "b", "c", "b") == .integer(2))
        #expect(t.run("EXISTS", "z") == .integer(0))
    }

    @Test func changesTouchWatchAndDirty() {
        let t = TestNode()
        let other = t.connect()
        t.run("ZADD", "z", "1", "a")
        let before = t.node.dirty
        #expect(t.run("ZADD", "z", "XX", "1", "a", "2", "b") == .integer(0))
        #expect(t.node.dirty == before)
        #expect(t.run("ZADD", "z", "1", "a", "2", "b", "3", "a") == .integer(1))
        #expect(t.node.dirty == before + 2)

        // A no-op does not break a WATCH; a real change does.
        t.run("WATCH", "z")
        t.run("ZADD", "z", "NX", "5", "a", as: other)
        t.run("ZREM", "z", "nosuch", as: other)
        t.run("MULTI")
        t.run("ZCARD", "z")
        #expect(t.run("EXEC") == .array([.integer(2)]))
        t.run("WATCH", "z")
        t.run("ZINCRBY", "z", "1", "a", as: other)
        t.run("MULTI")
        t.run("ZCARD", "z")
        #expect(t.run("EXEC") == .array(nil))
    }

    @Test func encodingsFollowTheLimits() {
        let t = TestNode()
        let members = (0..<128).flatMap { [String($0), "m\($0)"] }
        t.run((["ZADD", "z"] + members).map { Array($0.utf8) })
        #expect(t.encoding("z") == .bulk("listpack"))
        t.run("ZADD", "z", "128", "m128")
        #expect(t.encoding("z") == .bulk("skiplist"))
        t.run("ZREM", "z", "m128", "m127")
        #expect(t.encoding("z") == .bulk("skiplist"))
        t.run("ZADD", "long", "1", String(repeating: "x", count: 64))
        #expect(t.encoding("long") == .bulk("listpack"))
        t.run("ZADD", "long", "1", String(repeating: "x", count: 65))
        #expect(t.encoding("long") == .bulk("skiplist"))

        let small = TestNode { $0.encoding.zsetMaxListpackEntries = 2 }
        small.run("ZADD", "z", "1", "a", "2", "b")
        #expect(small.encoding("z") == .bulk("listpack"))
        small.run("ZADD", "z", "3", "c")
        #expect(small.encoding("z") == .bulk("skiplist"))
    }

    /// A listpack keeps an integral score as an integer, losing the sign of zero; a
    /// skiplist keeps -0 (redis-server 7.0 answers "0" and "-0").
    @Test func negativeZero() {
        let t = TestNode()
        t.run("ZADD", "z", "-0", "a")
        #expect(t.run("ZSCORE", "z", "a") == .bulk("0"))
        // The reply is the computed score, even though the listpack stores 0.
        #expect(t.run("ZINCRBY", "z", "-0", "b") == .bulk("-0"))
        #expect(t.run("ZSCORE", "z", "b") == .bulk("0"))
        let s = TestNode { $0.encoding.zsetMaxListpackEntries = 0 }
        s.run("ZADD", "z", "-0", "a")
        #expect(s.encoding("z") == .bulk("skiplist"))
        #expect(s.run("ZSCORE", "z", "a") == .bulk("-0"))
        #expect(s.run("ZSCAN", "z", "0") == .array([.bulk("0"), bulks("a", "-0")]))
    }
}
