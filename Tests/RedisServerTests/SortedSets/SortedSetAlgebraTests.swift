import NIOCore
import RESP
import Testing

@testable import RedisServer

/// ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD.
@Suite struct SortedSetAlgebraTests {
    static func node() -> TestNode {
        let t = TestNode()
        t.run("ZADD", "a", "1", "x", "2", "y", "3", "z")
        t.run("ZADD", "b", "10", "y", "20", "z", "30", "w")
        t.run("ZADD", "c", "100", "z", "200", "v")
        t.addSet("s", ["z", "y", "q"])
        return t
    }

    @Test func union() {
        let t = Self.node()
        #expect(t.run("ZUNION", "2", "a", "b", "WITHSCORES") == bulks("x", "1", "y", "12", "z", "23", "w", "30"))
        #expect(
            t.run("ZUNION", "3", "a", "b", "c", "WEIGHTS", "1", "2", "3", "AGGREGATE", "MIN", "WITHSCORES")
                == bulks("x", "1", "y", "2", "z", "3", "w", "60", "v", "600"))
        #expect(t.run("ZUNION", "3", "a", "b", "c", "AGGREGATE", "MAX") == bulks("x", "y", "w", "z", "v"))
        // A plain set counts each member with score 1.
        #expect(t.run("ZUNION", "2", "a", "s", "WITHSCORES") == bulks("q", "1", "x", "1", "y", "3", "z", "4"))
        #expect(t.run("ZUNION", "2", "a", "nokey") == bulks("x", "y", "z"))
        #expect(t.run("ZUNION", "1", "nokey") == .array([]))
    }

    @Test func intersectionAndDifference() {
        let t = Self.node()
        #expect(t.run("ZINTER", "2", "a", "b", "WITHSCORES") == bulks("y", "12", "z", "23"))
        #expect(t.run("ZINTER", "3", "a", "b", "c", "WITHSCORES") == bulks("z", "123"))
        #expect(t.run("ZINTER", "2", "a", "s", "WEIGHTS", "2", "3", "AGGREGATE", "MAX", "WITHSCORES") == bulks("y", "4", "z", "6"))
        #expect(t.run("ZINTER", "2", "a", "a", "WITHSCORES") == bulks("x", "2", "y", "4", "z", "6"))
        #expect(t.run("ZINTER", "2", "a", "nokey") == .array([]))
        #expect(t.run("ZDIFF", "2", "a", "b", "WITHSCORES") == bulks("x", "1"))
        #expect(t.run("ZDIFF", "2", "b", "a") == bulks("w"))
        #expect(t.run("ZDIFF", "2", "a", "a") == .array([]))
        #expect(t.run("ZDIFF", "2", "s", "a", "WITHSCORES") == bulks("q", "1"))
        #expect(t.run("ZDIFF", "2", "nokey", "a") == .array([]))
        #expect(t.run("ZINTERCARD", "2", "a", "b") == .integer(2))
        #expect(t.run("ZINTERCARD", "2", "a", "b", "LIMIT", "1") == .integer(1))
        #expect(t.run("ZINTERCARD", "2", "a", "b", "LIMIT", "0") == .integer(2))
        #expect(t.run("ZINTERCARD", "3", "a", "b", "s") == .integer(2))
    }

    @Test func infinitiesAndWeights() {
        let t = TestNode()
        t.run("ZADD", "p", "inf", "m", "-inf", "n")
        t.run("ZADD", "q", "-inf", "m", "inf", "n")
        // inf + -inf is 0, and so is 0 x inf.
        #expect(t.run("ZUNION", "2", "p", "q", "WITHSCORES") == bulks("m", "0", "n", "0"))
        #expect(t.run("ZINTER", "2", "p", "q", "AGGREGATE", "MIN", "WITHSCORES") == bulks("m", "-inf", "n", "-inf"))
        #expect(t.run("ZUNION", "2", "p", "q", "WEIGHTS", "0", "1", "WITHSCORES") == bulks("m", "-inf", "n", "inf"))
    }

    @Test func errors() {
        let t = Self.node()
        t.run("SET", "str", "x")
        #expect(t.run("ZUNION", "0", "a") == .error("ERR at least 1 input key is needed for 'zunion' command"))
        #expect(t.run("ZUNIONSTORE", "d", "0", "a") == .error("ERR at least 1 input key is needed for 'zunionstore' command"))
        #expect(t.run("ZINTERCARD", "0", "a") == .error("ERR at least 1 input key is needed for 'zintercard' command"))
        #expect(t.run("ZUNION", "abc", "a") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("ZUNION", "3", "a", "b") == .error("ERR syntax error"))
        #expect(t.run("ZUNION", "2", "a", "b", "WEIGHTS", "1") == .error("ERR syntax error"))
        #expect(t.run("ZUNION", "2", "a", "b", "WEIGHTS", "1", "x") == .error("ERR weight value is not a float"))
        #expect(t.run("ZUNION", "2", "a", "b", "AGGREGATE", "AVG") == .error("ERR syntax error"))
        #expect(t.run("ZDIFF", "1", "a", "WEIGHTS", "1") == .error("ERR syntax error"))
        #expect(t.run("ZUNIONSTORE", "d", "1", "a", "WITHSCORES") == .error("ERR syntax error"))
        #expect(t.run("ZINTERCARD", "1", "a", "WITHSCORES") == .error("ERR syntax error"))
        #expect(t.run("ZINTERCARD", "1", "a", "LIMIT", "-1") == .error("ERR LIMIT can't be negative"))
        #expect(t.run("ZINTERCARD", "1", "a", "LIMIT", "x") == .error("ERR LIMIT can't be negative"))
        // Keys are type-checked before the options are parsed.
        #expect(t.run("ZUNION", "2", "a", "str", "WEIGHTS", "x") == .error("WRONGTYPE Operation against a key holding the wrong kind of value"))
    }

    @Test func resp3Shapes() {
        let t = Self.node()
        t.resp3()
        #expect(t.run("ZUNION", "2", "a", "b", "WITHSCORES") == .array([pair("x", 1), pair("y", 12), pair("z", 23), pair("w", 30)]))
        #expect(t.run("ZINTER", "2", "a", "b") == bulks("y", "z"))
        #expect(t.run("ZDIFF", "2", "a", "b", "WITHSCORES") == .array([pair("x", 1)]))
    }

    @Test func storeForms() {
        let t = Self.node()
        #expect(t.run("ZUNIONSTORE", "d", "2", "a", "b") == .integer(4))
        #expect(t.run("ZRANGE", "d", "0", "-1", "WITHSCORES") == bulks("x", "1", "y", "12", "z", "23", "w", "30"))
        #expect(t.encoding("d") == .bulk("listpack"))
        #expect(t.run("ZINTERSTORE", "d", "2", "a", "b", "WEIGHTS", "2", "2") == .integer(2))
        #expect(t.run("ZRANGE", "d", "0", "-1", "WITHSCORES") == bulks("y", "24", "z", "46"))
        #expect(t.run("ZDIFFSTORE", "d", "2", "a", "b") == .integer(1))
        #expect(t.run("ZRANGE", "d", "0", "-1") == bulks("x"))
        #expect(t.run("ZINTERSTORE", "d", "2", "a", "c") == .integer(1))
        #expect(t.run("ZINTERSTORE", "d", "2", "b", "v") == .integer(0))
        #expect(t.run("EXISTS", "d") == .integer(0))
        // The destination may be an input.
        #expect(t.run("ZUNIONSTORE", "a", "2", "a", "b") == .integer(4))
        #expect(t.run("ZSCORE", "a", "w") == .bulk("30"))
        t.run("SET", "str", "v")
        t.run("EXPIRE", "str", "100")
        #expect(t.run("ZUNIONSTORE", "str", "1", "c") == .integer(2))
        #expect(t.run("TTL", "str") == .integer(-1))
    }

    @Test func storeEncoding() {
        let t = TestNode()
        t.run((["ZADD", "big"] + (0..<129).flatMap { [String($0), "m\($0)"] }).map { Array($0.utf8) })
        t.run("ZUNIONSTORE", "u", "1", "big")
        #expect(t.encoding("u") == .bulk("skiplist"))
        t.run("ZREM", "big", "m0")
        #expect(t.encoding("big") == .bulk("skiplist"))
        t.run("ZUNIONSTORE", "u", "1", "big")
        #expect(t.encoding("u") == .bulk("listpack"))
        t.run("ZADD", "long", "1", String(repeating: "x", count: 65))
        t.run("ZINTERSTORE", "u", "1", "long")
        #expect(t.encoding("u") == .bulk("skiplist"))
    }

    @Test func keyPositions() {
        let table = CommandTable.standard
        let args = ["zunionstore", "d", "2", "a", "b", "WEIGHTS", "1", "2"].map { ByteBuffer(string: $0) }
        #expect(table.lookup("zunionstore")!.keyIndices(args) == [1, 3, 4])
        let zunion = ["zunion", "2", "a", "b"].map { ByteBuffer(string: $0) }
        #expect(table.lookup("zunion")!.keyIndices(zunion) == [2, 3])
        let bzmpop = ["bzmpop", "0", "2", "a", "b", "MIN"].map { ByteBuffer(string: $0) }
        #expect(table.lookup("bzmpop")!.keyIndices(bzmpop) == [3, 4])
        let bz = ["bzpopmin", "a", "b", "0"].map { ByteBuffer(string: $0) }
        #expect(table.lookup("bzpopmin")!.keyIndices(bz) == [1, 2])
        #expect(table.lookup("zrangestore")!.keyIndices(["zrangestore", "d", "s", "0", "1"].map { ByteBuffer(string: $0) }) == [1, 2])
    }
}
