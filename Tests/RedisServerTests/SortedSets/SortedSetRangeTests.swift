import RESP
import Testing

@testable import RedisServer

/// ZRANGE and its older forms, ZRANGESTORE, ZCOUNT, ZLEXCOUNT and ZREMRANGEBY*.
@Suite struct SortedSetRangeTests {
    static func node() -> TestNode {
        let t = TestNode()
        t.run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e", "-inf", "lo", "inf", "hi")
        t.run("ZADD", "l", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e")
        return t
    }

    @Test func byRank() {
        let t = Self.node()
        #expect(t.run("ZRANGE", "z", "0", "2") == bulks("lo", "a", "b"))
        #expect(t.run("ZRANGE", "z", "-2", "-1", "WITHSCORES") == bulks("e", "5", "hi", "inf"))
        #expect(t.run("ZRANGE", "z", "5", "2") == .array([]))
        #expect(t.run("ZRANGE", "z", "-100", "100") == t.run("ZRANGE", "z", "0", "-1"))
        #expect(t.run("ZRANGE", "z", "0", "1", "REV", "WITHSCORES") == bulks("hi", "inf", "e", "5"))
        #expect(t.run("ZREVRANGE", "z", "1", "2") == bulks("e", "d"))
        #expect(t.run("ZRANGE", "nokey", "0", "-1") == .array([]))
        // Only an explicit LIMIT is refused by rank: `LIMIT 0 -1` is the default.
        #expect(t.run("ZRANGE", "z", "0", "0", "LIMIT", "0", "-1") == bulks("lo"))
        #expect(
            t.run("ZRANGE", "z", "0", "-1", "LIMIT", "0", "1")
                == .error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX"))
        #expect(t.run("ZRANGE", "z", "a", "1") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("ZRANGE", "z", "0", "1", "REV", "REV") == .error("ERR syntax error"))
        #expect(t.run("ZREVRANGE", "z", "0", "1", "REV") == .error("ERR syntax error"))
        #expect(t.run("ZRANGE", "z", "0", "1", "BYSCORE", "BYLEX") == .error("ERR syntax error"))
    }

    @Test func byScore() {
        let t = Self.node()
        #expect(t.run("ZRANGEBYSCORE", "z", "(1", "3") == bulks("b", "c"))
        #expect(t.run("ZRANGEBYSCORE", "z", "1", "(3", "WITHSCORES") == bulks("a", "1", "b", "2"))
        #expect(t.run("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "2", "2") == bulks("b", "c"))
        #expect(t.run("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "5", "-1") == bulks("e", "hi"))
        #expect(t.run("ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "-1", "2") == .array([]))
        #expect(t.run("ZRANGEBYSCORE", "z", "(3", "(3") == .array([]))
        #expect(t.run("ZRANGEBYSCORE", "z", "(1", "+inf", "LIMIT", "9223372036854775807", "1") == .array([]))
        #expect(t.run("ZREVRANGEBYSCORE", "z", "+inf", "-inf", "LIMIT", "9223372036854775807", "1") == .array([]))
        #expect(t.run("ZRANGEBYSCORE", "z", "5", "1") == .array([]))
        // strtod rules: leading space, hex and the empty string (0) are accepted.
        #expect(t.run("ZRANGEBYSCORE", "z", " 1", "0x2") == bulks("a", "b"))
        #expect(t.run("ZRANGEBYSCORE", "z", "", "") == .array([]))
        #expect(t.run("ZRANGEBYSCORE", "z", "nan", "1") == .error("ERR min or max is not a float"))
        #expect(t.run("ZRANGEBYSCORE", "z", "1", "2x") == .error("ERR min or max is not a float"))
        #expect(t.run("ZRANGEBYSCORE", "z", "1", "2", "BYSCORE") == .error("ERR syntax error"))
        #expect(t.run("ZREVRANGEBYSCORE", "z", "+inf", "(4", "WITHSCORES") == bulks("hi", "inf", "e", "5"))
        #expect(t.run("ZREVRANGEBYSCORE", "z", "5", "(2", "LIMIT", "1", "2") == bulks("d", "c"))
        #expect(t.run("ZRANGE", "z", "(4", "+inf", "BYSCORE", "REV") == .array([]))
        #expect(t.run("ZRANGE", "z", "+inf", "(4", "BYSCORE", "REV", "LIMIT", "0", "1") == bulks("hi"))
        #expect(t.run("ZCOUNT", "z", "(1", "5") == .integer(4))
        #expect(t.run("ZCOUNT", "z", "-inf", "+inf") == .integer(7))
        #expect(t.run("ZCOUNT", "nokey", "0", "1") == .integer(0))
        #expect(t.run("ZCOUNT", "z", "a", "1") == .error("ERR min or max is not a float"))
    }

    @Test func byLex() {
        let t = Self.node()
        #expect(t.run("ZRANGEBYLEX", "l", "-", "+") == bulks("a", "b", "c", "d", "e"))
        #expect(t.run("ZRANGEBYLEX", "l", "[b", "(d") == bulks("b", "c"))
        #expect(t.run("ZRANGEBYLEX", "l", "(b", "+", "LIMIT", "1", "2") == bulks("d", "e"))
        #expect(t.run("ZRANGEBYLEX", "l", "+", "-") == .array([]))
        #expect(t.run("ZRANGEBYLEX", "l", "[b", "[b") == bulks("b"))
        #expect(t.run("ZRANGEBYLEX", "l", "(a", "+", "LIMIT", "9223372036854775807", "-1") == .array([]))
        #expect(t.run("ZRANGEBYLEX", "l", "(b", "[b") == .array([]))
        #expect(t.run("ZREVRANGEBYLEX", "l", "[d", "-") == bulks("d", "c", "b", "a"))
        #expect(t.run("ZRANGE", "l", "+", "(c", "BYLEX", "REV", "LIMIT", "0", "1") == bulks("e"))
        let bad = RESPValue.error("ERR min or max not valid string range item")
        #expect(t.run("ZRANGEBYLEX", "l", "a", "+") == bad)
        #expect(t.run("ZRANGEBYLEX", "l", "", "+") == bad)
        #expect(t.run("ZRANGEBYLEX", "l", "+x", "+") == bad)
        #expect(
            t.run("ZRANGEBYLEX", "l", "-", "+", "WITHSCORES")
                == .error("ERR syntax error, WITHSCORES not supported in combination with BYLEX"))
        #expect(t.run("ZLEXCOUNT", "l", "[b", "(e") == .integer(3))
        #expect(t.run("ZLEXCOUNT", "l", "-", "+") == .integer(5))
        #expect(t.run("ZLEXCOUNT", "l", "+", "-") == .integer(0))
    }

    /// Members out of order: the undocumented answers of redis-server 7.0 for a listpack.
    @Test func byLexOverMixedScores() {
        let t = TestNode()
        t.run((["ZADD", "mx"] + (0..<30).flatMap { [String($0), "m\($0)"] }).map { Array($0.utf8) })
        #expect(t.run("ZRANGEBYLEX", "mx", "[m1", "[m2") == bulks("m1", "m2"))
        #expect(t.run("ZLEXCOUNT", "mx", "[m1", "[m2") == .integer(2))
        let expected = RESPValue.array((1...19).reversed().map { .bulk("m\($0)") })
        #expect(t.run("ZREVRANGEBYLEX", "mx", "[m2", "[m1") == expected)
    }

    @Test func withScoresShapes() {
        let t = Self.node()
        t.resp3()
        #expect(t.run("ZRANGE", "z", "0", "1", "WITHSCORES") == .array([pair("lo", -.infinity), pair("a", 1)]))
        #expect(t.run("ZRANGEBYSCORE", "z", "4", "+inf", "WITHSCORES") == .array([pair("d", 4), pair("e", 5), pair("hi", .infinity)]))
        #expect(t.run("ZRANGE", "z", "0", "1") == bulks("lo", "a"))
    }

    @Test func rangestore() {
        let t = Self.node()
        #expect(t.run("ZRANGESTORE", "d", "z", "1", "3") == .integer(3))
        #expect(t.run("ZRANGE", "d", "0", "-1", "WITHSCORES") == bulks("a", "1", "b", "2", "c", "3"))
        #expect(t.run("ZRANGESTORE", "d", "z", "0", "1", "REV") == .integer(2))
        #expect(t.run("ZRANGE", "d", "0", "-1") == bulks("e", "hi"))
        #expect(t.run("ZRANGESTORE", "d", "z", "(1", "5", "BYSCORE", "LIMIT", "1", "2") == .integer(2))
        #expect(t.run("ZRANGE", "d", "0", "-1") == bulks("c", "d"))
        #expect(t.run("ZRANGESTORE", "d", "l", "[b", "[c", "BYLEX") == .integer(2))
        #expect(t.run("ZRANGE", "d", "0", "-1", "WITHSCORES") == bulks("b", "0", "c", "0"))
        #expect(t.run("ZRANGESTORE", "d", "z", "0", "-1", "WITHSCORES") == .error("ERR syntax error"))
        // An empty result deletes the destination, whatever it held.
        t.run("SET", "str", "x")
        #expect(t.run("ZRANGESTORE", "str", "z", "10", "20") == .integer(0))
        #expect(t.run("EXISTS", "str") == .integer(0))
        #expect(t.run("ZRANGESTORE", "d", "nokey", "0", "-1") == .integer(0))
        #expect(t.run("EXISTS", "d") == .integer(0))
        t.run("SET", "str", "x")
        #expect(t.run("ZRANGESTORE", "str", "z", "0", "0") == .integer(1))
        #expect(t.run("TYPE", "str") == .simpleString("zset"))
        #expect(t.run("ZRANGESTORE", "z", "z", "0", "1") == .integer(2))
        #expect(t.run("ZRANGE", "z", "0", "-1") == bulks("lo", "a"))
    }

    @Test func rangestoreEncoding() {
        let t = TestNode()
        t.run((["ZADD", "big"] + (0..<200).flatMap { [String($0), "m\($0)"] }).map { Array($0.utf8) })
        t.run("ZRANGESTORE", "d", "big", "0", "127")
        #expect(t.encoding("d") == .bulk("listpack"))
        t.run("ZRANGESTORE", "d", "big", "0", "128")
        #expect(t.encoding("d") == .bulk("skiplist"))
        t.run("ZRANGESTORE", "d", "big", "-inf", "+inf", "BYSCORE", "LIMIT", "0", "128")
        #expect(t.encoding("d") == .bulk("listpack"))
        t.run("ZRANGESTORE", "d", "big", "0", "-1", "REV")
        #expect(t.encoding("d") == .bulk("skiplist"))
        #expect(t.run("ZRANGE", "d", "0", "1") == bulks("m0", "m1"))
        #expect(t.run("ZCARD", "d") == .integer(200))
    }

    @Test func removeByRange() {
        let t = Self.node()
        #expect(t.run("ZREMRANGEBYRANK", "z", "0", "1") == .integer(2))
        #expect(t.run("ZRANGE", "z", "0", "-1") == bulks("b", "c", "d", "e", "hi"))
        #expect(t.run("ZREMRANGEBYRANK", "z", "3", "1") == .integer(0))
        #expect(t.run("ZREMRANGEBYSCORE", "z", "(2", "4") == .integer(2))
        #expect(t.run("ZREMRANGEBYSCORE", "z", "a", "4") == .error("ERR min or max is not a float"))
        #expect(t.run("ZREMRANGEBYLEX", "l", "(a", "[c") == .integer(2))
        #expect(t.run("ZRANGE", "l", "0", "-1") == bulks("a", "d", "e"))
        #expect(t.run("ZREMRANGEBYLEX", "l", "a", "b") == .error("ERR min or max not valid string range item"))
        #expect(t.run("ZREMRANGEBYRANK", "l", "x", "1") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("ZREMRANGEBYRANK", "nokey", "0", "1") == .integer(0))
        #expect(t.run("ZREMRANGEBYLEX", "l", "-", "+") == .integer(3))
        #expect(t.run("EXISTS", "l") == .integer(0))
        #expect(t.run("ZREMRANGEBYSCORE", "z", "-inf", "+inf") == .integer(3))
        #expect(t.run("EXISTS", "z") == .integer(0))
    }

    @Test func removeByRangeInASkiplist() {
        let t = TestNode()
        t.run((["ZADD", "big"] + (0..<1500).flatMap { [String($0), "m\($0)"] }).map { Array($0.utf8) })
        #expect(t.run("ZREMRANGEBYRANK", "big", "10", "-11") == .integer(1480))
        #expect(t.run("ZRANGE", "big", "8", "11") == bulks("m8", "m9", "m1490", "m1491"))
        #expect(t.run("ZREMRANGEBYSCORE", "big", "(5", "1495") == .integer(10))
        #expect(t.run("ZCARD", "big") == .integer(10))
        #expect(t.run("ZSCORE", "big", "m1495") == .bulkString(nil))
        #expect(t.run("ZRANK", "big", "m1496") == .integer(6))
        #expect(t.encoding("big") == .bulk("skiplist"))
    }
}
