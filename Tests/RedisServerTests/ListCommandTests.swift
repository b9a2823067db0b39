import RESP
import Testing

@testable import RedisServer

/// The non-blocking list commands, replies as redis-server 7.0.15 gives them.
@Suite struct ListCommandTests {
    static let wrongType = RESPValue.error("WRONGTYPE Operation against a key holding the wrong kind of value")

    @Test func pushAndLength() {
        let t = TestNode()
        #expect(t.run("LPUSH", "l", "a", "b", "c") == .integer(3))
        #expect(t.run("RPUSH", "l", "d", "e") == .integer(5))
        #expect(t.run("LRANGE", "l", "0", "-1") == bulks("c", "b", "a", "d", "e"))
        #expect(t.run("LPUSHX", "nokey", "a") == .integer(0))
        #expect(t.run("RPUSHX", "nokey", "a") == .integer(0))
        #expect(t.run("EXISTS", "nokey") == .integer(0))
        #expect(t.run("LPUSHX", "l", "z") == .integer(6))
        #expect(t.run("RPUSHX", "l", "y") == .integer(7))
        #expect(t.run("LLEN", "l") == .integer(7))
        #expect(t.run("LLEN", "nokey") == .integer(0))
        #expect(t.run("LPUSH", "l") == .error("ERR wrong number of arguments for 'lpush' command"))
    }

    @Test func popWithAndWithoutCount() {
        let t = TestNode()
        t.run("RPUSH", "l", "a", "b", "c", "d", "e", "f")
        #expect(t.run("LPOP", "l") == .bulk("a"))
        #expect(t.run("RPOP", "l") == .bulk("f"))
        #expect(t.run("LPOP", "l", "2") == bulks("b", "c"))
        #expect(t.run("RPOP", "l", "1") == bulks("e"))
        #expect(t.run("LPOP", "l", "0") == .array([]))
        #expect(t.run("LPOP", "l", "-1") == .error("ERR value is out of range, must be positive"))
        #expect(t.run("LPOP", "l", "x") == .error("ERR value is out of range, must be positive"))
        #expect(t.run("LPOP", "l", "1", "2") == .error("ERR wrong number of arguments for 'lpop' command"))
        #expect(t.run("RPOP", "l", "100") == bulks("d"))
        #expect(t.run("EXISTS", "l") == .integer(0))
        #expect(t.run("LPOP", "nokey") == .bulkString(nil))
        #expect(t.run("LPOP", "nokey", "2") == .array(nil))
        #expect(t.run("LPOP", "nokey", "0") == .array(nil))
        t.resp3()
        #expect(t.run("LPOP", "nokey") == .null)
        #expect(t.run("LPOP", "nokey", "2") == .null)
    }

    @Test func popPropagation() {
        let t = TestNode()
        t.run("RPUSH", "l", "a", "b", "c")
        #expect(t.propagated("LPOP", "l", "2") == [["LPOP", "l", "2"]])
        #expect(t.propagated("LPOP", "nokey") == [])
        #expect(t.propagated("LPOP", "l", "0") == [])
    }

    @Test func indexAndSet() {
        let t = TestNode()
        t.run("RPUSH", "l", "a", "b", "c")
        #expect(t.run("LINDEX", "l", "0") == .bulk("a"))
        #expect(t.run("LINDEX", "l", "-1") == .bulk("c"))
        #expect(t.run("LINDEX", "l", "3") == .bulkString(nil))
        #expect(t.run("LINDEX", "l", "-4") == .bulkString(nil))
        #expect(t.run("LINDEX", "l", "x") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("LINDEX", "nokey", "0") == .bulkString(nil))
        #expect(t.run("LSET", "l", "1", "B") == .simpleString("OK"))
        #expect(t.run("LSET", "l", "-1", "C") == .simpleString("OK"))
        #expect(t.run("LSET", "l", "3", "x") == .error("ERR index out of range"))
        #expect(t.run("LSET", "l", "x", "y") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("LSET", "nokey", "0", "x") == .error("ERR no such key"))
        #expect(t.run("LRANGE", "l", "0", "-1") == bulks("a", "B", "C"))
    }

    @Test func rangeNormalisation() {
        let t = TestNode()
        t.run("RPUSH", "l", "a", "b", "c", "d", "e")
        #expect(t.run("LRANGE", "l", "1", "3") == bulks("b", "c", "d"))
        #expect(t.run("LRANGE", "l", "-3", "-1") == bulks("c", "d", "e"))
        #expect(t.run("LRANGE", "l", "3", "1") == .array([]))
        #expect(t.run("LRANGE", "l", "10", "20") == .array([]))
        #expect(t.run("LRANGE", "l", "-100", "100") == bulks("a", "b", "c", "d", "e"))
        #expect(t.run("LRANGE", "l", "-1", "-3") == .array([]))
        #expect(t.run("LRANGE", "l", "0", "x") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("LRANGE", "nokey", "0", "-1") == .array([]))
    }

    @Test func trim() {
        let t = TestNode()
        t.run("RPUSH", "l", "a", "b", "c", "d", "e")
        #expect(t.run("LTRIM", "l", "1", "-2") == .simpleString("OK"))
        #expect(t.run("LRANGE", "l", "0", "-1") == bulks("b", "c", "d"))
        #expect(t.run("LTRIM", "l", "-100", "100") == .simpleString("OK"))
        #expect(t.run("LRANGE", "l", "0", "-1") == bulks("b", "c", "d"))
        #expect(t.run("LTRIM", "l", "0", "0") == .simpleString("OK"))
        #expect(t.run("LRANGE", "l", "0", "-1") == bulks("b"))
        // An empty range deletes the key.
        #expect(t.run("LTRIM", "l", "5", "10") == .simpleString("OK"))
        #expect(t.run("EXISTS", "l") == .integer(0))
        t.run("RPUSH", "m", "a", "b", "c")
        #expect(t.run("LTRIM", "m", "2", "1") == .simpleString("OK"))
        #expect(t.run("EXISTS", "m") == .integer(0))
        #expect(t.run("LTRIM", "nokey", "0", "1") == .simpleString("OK"))
        #expect(t.run("LTRIM", "m", "x", "1") == .error("ERR value is not an integer or out of range"))
    }

    @Test func remove() {
        let t = TestNode()
        t.run("RPUSH", "l", "a", "b", "a", "c", "a", "b", "a")
        #expect(t.run("LREM", "l", "2", "a") == .integer(2))
        #expect(t.run("LRANGE", "l", "0", "-1") == bulks("b", "c", "a", "b", "a"))
        #expect(t.run("LREM", "l", "-1", "a") == .integer(1))
        #expect(t.run("LRANGE", "l", "0", "-1") == bulks("b", "c", "a", "b"))
        #expect(t.run("LREM", "l", "0", "b") == .integer(2))
        #expect(t.run("LRANGE", "l", "0", "-1") == bulks("c", "a"))
        #expect(t.run("LREM", "l", "0", "zz") == .integer(0))
        #expect(t.run("LREM", "nokey", "0", "a") == .integer(0))
        #expect(t.run("LREM", "l", "x", "a") == .error("ERR value is not an integer or out of range"))
        #expect(t.propagated("LREM", "l", "0", "zz") == [])
        #expect(t.run("LREM", "l", "0", "a") == .integer(1))
        #expect(t.run("LREM", "l", "0", "c") == .integer(1))
        #expect(t.run("EXISTS", "l") == .integer(0))
    }

    @Test func insert() {
        let t = TestNode()
        t.run("RPUSH", "l", "a", "b", "c")
        #expect(t.run("LINSERT", "l", "BEFORE", "b", "X") == .integer(4))
        #expect(t.run("LINSERT", "l", "AFTER", "c", "Y") == .integer(5))
        #expect(t.run("LINSERT", "l", "after", "a", "Z") == .integer(6))
        #expect(t.run("LINSERT", "l", "BEFORE", "nope", "X") == .integer(-1))
        #expect(t.run("LINSERT", "l", "MIDDLE", "a", "X") == .error("ERR syntax error"))
        #expect(t.run("LINSERT", "nokey", "BEFORE", "a", "X") == .integer(0))
        #expect(t.run("EXISTS", "nokey") == .integer(0))
        #expect(t.run("LRANGE", "l", "0", "-1") == bulks("a", "Z", "X", "b", "c", "Y"))
    }

    @Test func position() {
        let t = TestNode()
        t.run("RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c")
        #expect(t.run("LPOS", "l", "c") == .integer(2))
        #expect(t.run("LPOS", "l", "c", "RANK", "2") == .integer(6))
        #expect(t.run("LPOS", "l", "c", "RANK", "-1") == .integer(7))
        #expect(t.run("LPOS", "l", "c", "RANK", "-2") == .integer(6))
        #expect(t.run("LPOS", "l", "c", "COUNT", "0") == .array([.integer(2), .integer(6), .integer(7)]))
        #expect(t.run("LPOS", "l", "c", "COUNT", "2") == .array([.integer(2), .integer(6)]))
        #expect(t.run("LPOS", "l", "c", "COUNT", "0", "RANK", "-1") == .array([.integer(7), .integer(6), .integer(2)]))
        #expect(t.run("LPOS", "l", "c", "COUNT", "0", "MAXLEN", "3") == .array([.integer(2)]))
        #expect(t.run("LPOS", "l", "c", "MAXLEN", "2", "RANK", "-1") == .integer(7))
        #expect(t.run("LPOS", "l", "c", "RANK", "10") == .bulkString(nil))
        #expect(t.run("LPOS", "l", "c", "RANK", "10", "COUNT", "1") == .array([]))
        #expect(t.run("LPOS", "l", "zz") == .bulkString(nil))
        #expect(t.run("LPOS", "l", "zz", "COUNT", "0") == .array([]))
        #expect(t.run("LPOS", "nokey", "c") == .bulkString(nil))
        #expect(t.run("LPOS", "nokey", "c", "COUNT", "1") == .array([]))
    }

    @Test func positionErrors() {
        let t = TestNode()
        t.run("RPUSH", "l", "a")
        #expect(
            t.run("LPOS", "l", "a", "RANK", "0")
                == .error(
                    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"
                ))
        #expect(t.run("LPOS", "l", "a", "COUNT", "-1") == .error("ERR COUNT can't be negative"))
        #expect(t.run("LPOS", "l", "a", "MAXLEN", "-1") == .error("ERR MAXLEN can't be negative"))
        #expect(t.run("LPOS", "l", "a", "FOO", "1") == .error("ERR syntax error"))
        #expect(t.run("LPOS", "l", "a", "RANK") == .error("ERR syntax error"))
        #expect(t.run("LPOS", "l", "a", "RANK", "x") == .error("ERR value is not an integer or out of range"))
    }

    /// C negates LONG_MIN to itself: Redis then scans from the tail and, the COUNT check
    /// never firing, returns every match. This used to crash the node.
    @Test func positionWithTheSmallestRank() {
        let t = TestNode()
        t.run("RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c")
        #expect(t.run("LPOS", "l", "c", "RANK", "-9223372036854775808") == .integer(7))
        #expect(
            t.run("LPOS", "l", "c", "RANK", "-9223372036854775808", "COUNT", "1")
                == .array([.integer(7), .integer(6), .integer(2)]))
        #expect(t.run("LPOS", "l", "c", "RANK", "9223372036854775807", "COUNT", "0") == .array([]))
        #expect(t.run("LPOS", "l", "c", "RANK", "-9223372036854775807", "COUNT", "1") == .array([]))
    }

    @Test func move() {
        let t = TestNode()
        t.run("RPUSH", "a", "1", "2", "3")
        t.run("RPUSH", "b", "x", "y")
        #expect(t.run("LMOVE", "a", "b", "LEFT", "RIGHT") == .bulk("1"))
        #expect(t.run("LMOVE", "a", "b", "RIGHT", "LEFT") == .bulk("3"))
        #expect(t.run("LRANGE", "a", "0", "-1") == bulks("2"))
        #expect(t.run("LRANGE", "b", "0", "-1") == bulks("3", "x", "y", "1"))
        #expect(t.run("LMOVE", "nokey", "b", "LEFT", "LEFT") == .bulkString(nil))
        #expect(t.run("LMOVE", "a", "b", "UP", "LEFT") == .error("ERR syntax error"))
        #expect(t.run("RPOPLPUSH", "a", "c") == .bulk("2"))
        #expect(t.run("EXISTS", "a") == .integer(0))
        #expect(t.run("LRANGE", "c", "0", "-1") == bulks("2"))
        #expect(t.run("RPOPLPUSH", "a", "c") == .bulkString(nil))
    }

    @Test func moveChecksTheDestinationTypeFirst() {
        let t = TestNode()
        t.run("RPUSH", "c", "1")
        t.run("SET", "s", "1")
        #expect(t.run("LMOVE", "c", "s", "LEFT", "LEFT") == Self.wrongType)
        #expect(t.run("RPOPLPUSH", "c", "s") == Self.wrongType)
        #expect(t.run("RPOPLPUSH", "s", "c") == Self.wrongType)
        #expect(t.run("LRANGE", "c", "0", "-1") == bulks("1"))
    }

    /// Rotating a one-element list onto itself used to delete it.
    @Test func moveOntoItself() {
        let t = TestNode()
        t.run("RPUSH", "a", "1", "2", "3")
        #expect(t.run("LMOVE", "a", "a", "LEFT", "RIGHT") == .bulk("1"))
        #expect(t.run("LRANGE", "a", "0", "-1") == bulks("2", "3", "1"))
        #expect(t.run("RPOPLPUSH", "a", "a") == .bulk("1"))
        #expect(t.run("LRANGE", "a", "0", "-1") == bulks("1", "2", "3"))
        t.run("RPUSH", "one", "x")
        #expect(t.run("LMOVE", "one", "one", "LEFT", "RIGHT") == .bulk("x"))
        #expect(t.run("RPOPLPUSH", "one", "one") == .bulk("x"))
        #expect(t.run("LRANGE", "one", "0", "-1") == bulks("x"))
    }

    @Test func movePropagation() {
        let t = TestNode()
        t.run("RPUSH", "a", "1", "2")
        #expect(t.propagated("LMOVE", "a", "b", "LEFT", "RIGHT") == [["LMOVE", "a", "b", "LEFT", "RIGHT"]])
        #expect(t.propagated("RPOPLPUSH", "nokey", "b") == [])
    }

    @Test func multiPop() {
        let t = TestNode()
        t.run("RPUSH", "a", "1", "2", "3")
        t.run("RPUSH", "b", "4", "5")
        #expect(t.run("LMPOP", "2", "nokey", "a", "LEFT") == .array([.bulk("a"), bulks("1")]))
        #expect(t.run("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "10") == .array([.bulk("a"), bulks("3", "2")]))
        #expect(t.run("LMPOP", "2", "a", "b", "RIGHT", "COUNT", "1") == .array([.bulk("b"), bulks("5")]))
        #expect(t.run("LMPOP", "1", "nokey", "LEFT") == .array(nil))
        #expect(t.propagated("LMPOP", "1", "b", "LEFT", "COUNT", "5") == [["LPOP", "b", "1"]])
        t.resp3()
        #expect(t.run("LMPOP", "1", "nokey", "LEFT") == .null)
    }

    @Test func multiPopErrors() {
        let t = TestNode()
        t.run("RPUSH", "b", "1")
        let numkeys = RESPValue.error("ERR numkeys should be greater than 0")
        let count = RESPValue.error("ERR count should be greater than 0")
        #expect(t.run("LMPOP", "0", "a", "LEFT") == numkeys)
        #expect(t.run("LMPOP", "-1", "a", "LEFT") == numkeys)
        #expect(t.run("LMPOP", "x", "a", "LEFT") == numkeys)
        #expect(t.run("LMPOP", "3", "a", "b", "LEFT") == .error("ERR syntax error"))
        #expect(t.run("LMPOP", "10", "b", "LEFT") == .error("ERR syntax error"))
        // A numkeys near LONG_MAX is a syntax error, not an overflow.
        #expect(t.run("LMPOP", "9223372036854775807", "b", "LEFT") == .error("ERR syntax error"))
        #expect(t.run("LMPOP", "1", "a", "MIDDLE") == .error("ERR syntax error"))
        #expect(t.run("LMPOP", "1", "b", "LEFT", "COUNT", "0") == count)
        #expect(t.run("LMPOP", "1", "b", "LEFT", "COUNT", "-1") == count)
        #expect(t.run("LMPOP", "1", "b", "LEFT", "COUNT", "x") == count)
        #expect(t.run("LMPOP", "1", "b", "LEFT", "COUNT", "1", "COUNT", "1") == .error("ERR syntax error"))
        #expect(t.run("LMPOP", "1", "b", "LEFT", "FOO") == .error("ERR syntax error"))
        #expect(t.run("LMPOP", "1", "b", "LEFT", "COUNT") == .error("ERR syntax error"))
        #expect(t.run("LMPOP", "2", "b") == .error("ERR wrong number of arguments for 'lmpop' command"))
        #expect(t.run("LLEN", "b") == .integer(1))
    }

    @Test func multiPopStopsAtTheFirstWrongType() {
        let t = TestNode()
        t.run("SET", "s", "1")
        t.run("RPUSH", "b", "1")
        #expect(t.run("LMPOP", "2", "s", "b", "LEFT") == Self.wrongType)
        #expect(t.run("LMPOP", "2", "b", "s", "LEFT") == .array([.bulk("b"), bulks("1")]))
    }

    /// COMMAND GETKEYS with a huge numkeys used to overflow while locating the keys.
    @Test func keyExtractionSurvivesHugeNumkeys() {
        let t = TestNode()
        #expect(
            t.run("COMMAND", "GETKEYS", "LMPOP", "9223372036854775807", "a", "LEFT")
                == .error("ERR Invalid arguments specified for command"))
        #expect(t.run("COMMAND", "GETKEYS", "LMPOP", "2", "a", "b", "LEFT") == bulks("a", "b"))
    }

    @Test func wrongTypeEverywhere() {
        let t = TestNode()
        t.run("SET", "s", "1")
        for args in [
            ["LPUSH", "s", "a"], ["RPUSH", "s", "a"], ["LPUSHX", "s", "a"], ["RPUSHX", "s", "a"], ["LPOP", "s"],
            ["RPOP", "s", "2"], ["LLEN", "s"], ["LINDEX", "s", "0"], ["LSET", "s", "0", "a"], ["LRANGE", "s", "0", "1"],
            ["LTRIM", "s", "0", "1"], ["LREM", "s", "0", "a"], ["LINSERT", "s", "BEFORE", "a", "b"], ["LPOS", "s", "a"],
            ["LMOVE", "s", "d", "LEFT", "LEFT"], ["LMPOP", "1", "s", "LEFT"], ["BLPOP", "s", "1"],
            ["BLMOVE", "s", "d", "LEFT", "LEFT", "1"], ["BLMPOP", "1", "1", "s", "LEFT"],
        ] {
            #expect(t.run(args.map { Array($0.utf8) }) == Self.wrongType, "\(args)")
        }
        #expect(t.run("GET", "s") == .bulk("1"))
        #expect(t.run("EXISTS", "d") == .integer(0))
    }

    @Test func encodingIsAlwaysQuicklist() {
        let t = TestNode()
        t.run("RPUSH", "l", "a")
        #expect(t.encoding("l") == .bulk("quicklist"))
        for i in 0..<300 { t.run("RPUSH", "l", String(repeating: "x", count: i)) }
        #expect(t.encoding("l") == .bulk("quicklist"))
    }
}
