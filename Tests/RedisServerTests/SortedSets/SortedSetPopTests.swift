import RESP
import Testing

@testable import RedisServer

/// ZPOPMIN/ZPOPMAX, ZMPOP and the blocking pops.
@Suite struct SortedSetPopTests {
    @Test func zpop() {
        let t = TestNode()
        t.run("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d")
        #expect(t.run("ZPOPMIN", "z") == bulks("a", "1"))
        #expect(t.run("ZPOPMAX", "z", "2") == bulks("d", "4", "c", "3"))
        #expect(t.run("ZPOPMIN", "z", "0") == .array([]))
        #expect(t.run("ZPOPMIN", "nokey") == .array([]))
        #expect(t.run("ZPOPMIN", "nokey", "2") == .array([]))
        #expect(t.run("ZPOPMIN", "z", "-1") == .error("ERR value is out of range, must be positive"))
        #expect(t.run("ZPOPMIN", "z", "x") == .error("ERR value is out of range, must be positive"))
        #expect(t.run("ZPOPMIN", "z", "1", "2") == .error("ERR syntax error"))
        #expect(t.run("ZPOPMIN", "z", "10") == bulks("b", "2"))
        #expect(t.run("EXISTS", "z") == .integer(0))
    }

    @Test func zpopResp3() {
        let t = TestNode()
        t.resp3()
        t.run("ZADD", "z", "1", "a", "2.5", "b", "3", "c")
        // Without a count the reply stays flat; with one it nests the pairs.
        #expect(t.run("ZPOPMIN", "z") == .array([.bulk("a"), .double(1)]))
        #expect(t.run("ZPOPMAX", "z", "1") == .array([pair("c", 3)]))
        #expect(t.run("ZPOPMAX", "nokey", "1") == .array([]))
        #expect(t.run("ZMPOP", "1", "z", "MIN") == .array([.bulk("z"), .array([pair("b", 2.5)])]))
        #expect(t.run("ZMPOP", "1", "z", "MIN") == .null)
    }

    @Test func zmpop() {
        let t = TestNode()
        let log = t.recordPropagation()
        t.run("ZADD", "z", "1", "a", "2", "b", "3", "c")
        #expect(t.run("ZMPOP", "2", "nokey", "z", "MAX", "COUNT", "2") == .array([.bulk("z"), .array([bulks("c", "3"), bulks("b", "2")])]))
        #expect(t.run("ZMPOP", "1", "z", "MIN", "COUNT", "10") == .array([.bulk("z"), .array([bulks("a", "1")])]))
        #expect(t.run("ZMPOP", "1", "z", "MIN") == .array(nil))
        #expect(log.commands == [["ZADD", "z", "1", "a", "2", "b", "3", "c"], ["ZPOPMAX", "z", "2"], ["ZPOPMIN", "z", "1"]])
        #expect(t.run("ZMPOP", "0", "z", "MIN") == .error("ERR numkeys should be greater than 0"))
        #expect(t.run("ZMPOP", "x", "z", "MIN") == .error("ERR numkeys should be greater than 0"))
        #expect(t.run("ZMPOP", "2", "z", "MIN") == .error("ERR syntax error"))
        #expect(t.run("ZMPOP", "1", "z", "MID") == .error("ERR syntax error"))
        #expect(t.run("ZMPOP", "1", "z", "MIN", "COUNT", "0") == .error("ERR count should be greater than 0"))
        #expect(t.run("ZMPOP", "1", "z", "MIN", "COUNT", "1", "COUNT", "1") == .error("ERR syntax error"))
        #expect(t.run("ZMPOP", "1", "z", "MIN", "COUNT") == .error("ERR syntax error"))
        t.run("SET", "s", "x")
        // The first key that exists decides, even when it has the wrong type.
        #expect(t.run("ZMPOP", "2", "s", "z", "MIN").errorMessage?.hasPrefix("WRONGTYPE") == true)
    }

    @Test func blockingPopServedImmediately() {
        let t = TestNode()
        let log = t.recordPropagation()
        t.run("ZADD", "z", "1", "a", "2", "b")
        #expect(t.run("BZPOPMIN", "nokey", "z", "0") == bulks("z", "a", "1"))
        #expect(t.run("BZMPOP", "0", "1", "z", "MAX", "COUNT", "5") == .array([.bulk("z"), .array([bulks("b", "2")])]))
        #expect(log.commands.dropFirst() == [["ZPOPMIN", "z"], ["ZPOPMAX", "z", "1"]])
        #expect(t.run("EXISTS", "z") == .integer(0))
        #expect(t.run("BZPOPMIN", "z", "abc") == .error("ERR timeout is not a float or out of range"))
        #expect(t.run("BZPOPMIN", "z", "-1") == .error("ERR timeout is negative"))
        // BZMPOP checks its other arguments before the timeout.
        #expect(t.run("BZMPOP", "abc", "1", "z", "FOO") == .error("ERR syntax error"))
        #expect(t.run("BZMPOP", "abc", "1", "z", "MIN") == .error("ERR timeout is not a float or out of range"))
        t.resp3()
        t.run("ZADD", "z", "1.5", "a")
        #expect(t.run("BZPOPMAX", "z", "0") == .array([.bulk("z"), .bulk("a"), .double(1.5)]))
    }

    @Test func blockedClientIsServedByZadd() {
        let t = TestNode()
        let log = t.recordPropagation()
        let other = t.connect()
        #expect(t.run("BZPOPMIN", "k1", "k2", "0") == .array([]))
        #expect(t.node.blocking.blockedCount == 1)
        #expect(t.run("ZADD", "k2", "2", "y", "1", "x", as: other) == .integer(2))
        #expect(t.drain() == [bulks("k2", "x", "1")])
        #expect(t.node.blocking.blockedCount == 0)
        #expect(log.commands == [["ZADD", "k2", "2", "y", "1", "x"], ["ZPOPMIN", "k2"]])
        #expect(t.run("ZRANGE", "k2", "0", "-1") == bulks("y"))
    }

    @Test func bzmpopServedAfterBlocking() {
        let t = TestNode()
        let log = t.recordPropagation()
        let other = t.connect()
        t.run("BZMPOP", "0", "2", "k1", "k2", "MAX", "COUNT", "5")
        t.run("ZADD", "k2", "1", "p", "2", "q", as: other)
        #expect(t.drain() == [.array([.bulk("k2"), .array([bulks("q", "2"), bulks("p", "1")])])])
        #expect(log.commands.last == ["ZPOPMAX", "k2", "2"])
        #expect(t.run("EXISTS", "k2") == .integer(0))
    }

    @Test func waitersAreServedInOrder() {
        let t = TestNode()
        let first = t.connect()
        let second = t.connect()
        t.run("BZPOPMIN", "k", "0", as: first)
        t.run("BZPOPMAX", "k", "0", as: second)
        t.run("ZADD", "k", "1", "a")
        #expect(t.drain(first) == [bulks("k", "a", "1")])
        #expect(t.drain(second) == [])
        t.run("ZADD", "k", "1", "a", "2", "b")
        #expect(t.drain(second) == [bulks("k", "b", "2")])
        #expect(t.run("ZRANGE", "k", "0", "-1") == bulks("a"))
    }

    /// Redis serves a waiter from the key that became ready, not from its first key.
    @Test func servedFromTheReadyKey() {
        let t = TestNode()
        let other = t.connect()
        t.run("BZPOPMAX", "k1", "k2", "k3", "0")
        t.run("MULTI", as: other)
        t.run("ZADD", "k3", "5", "c", as: other)
        t.run("ZADD", "k2", "9", "z", as: other)
        #expect(t.run("EXEC", as: other) == .array([.integer(1), .integer(1)]))
        #expect(t.drain() == [bulks("k3", "c", "5")])
    }

    /// A key of another type neither serves nor fails a waiter.
    @Test func otherTypesDoNotWakeWaiters() {
        let t = TestNode()
        let lister = t.connect()
        let other = t.connect()
        t.run("BZPOPMIN", "k", "0")
        t.run("BLPOP", "z", "0", as: lister)
        t.run("LPUSH", "k", "x", as: other)
        t.run("ZADD", "z", "1", "a", as: other)
        #expect(t.drain() == [])
        #expect(t.drain(lister) == [])
        #expect(t.node.blocking.blockedCount == 2)
        t.run("DEL", "k", as: other)
        t.run("ZADD", "k", "1", "m", as: other)
        #expect(t.drain() == [bulks("k", "m", "1")])
    }

    @Test func timeouts() {
        let t = TestNode()
        t.run("BZPOPMIN", "k", "1")
        t.advance(milliseconds: 999)
        #expect(t.drain() == [])
        t.advance(milliseconds: 1)
        #expect(t.drain() == [.array(nil)])
        t.run("BZMPOP", "0.01", "1", "k", "MIN")
        t.advance(milliseconds: 10)
        #expect(t.drain() == [.array(nil)])
        t.resp3()
        t.run("BZPOPMAX", "k", "0.5")
        t.advance(milliseconds: 500)
        #expect(t.drain() == [.null])
        #expect(t.node.blocking.blockedCount == 0)
    }

    @Test func insideMultiTheyTimeOutAtOnce() {
        let t = TestNode()
        t.run("ZADD", "full", "1", "a")
        t.run("MULTI")
        t.run("BZPOPMIN", "k", "0")
        t.run("BZMPOP", "0", "1", "k", "MIN")
        t.run("BZPOPMIN", "full", "0")
        #expect(t.run("EXEC") == .array([.array(nil), .array(nil), bulks("full", "a", "1")]))
        #expect(t.node.blocking.blockedCount == 0)
    }
}
