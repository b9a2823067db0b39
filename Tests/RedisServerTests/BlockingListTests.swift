import RESP
import Testing

@testable import RedisServer

/// BLPOP, BRPOP, BRPOPLPUSH, BLMOVE and BLMPOP: served at once, served later by another
/// client's push (oldest waiter first), timed out, inside MULTI, and CLIENT UNBLOCK.
@Suite struct BlockingListTests {
    /// What `run` returns for a command that produced no reply (the client blocked).
    static let blocked = RESPValue.array([])

    @Test func servedImmediatelyWhenAListHasElements() {
        let t = TestNode()
        t.run("RPUSH", "a", "1", "2")
        #expect(t.run("BLPOP", "nokey", "a", "0") == bulks("a", "1"))
        #expect(t.run("BRPOP", "a", "0") == bulks("a", "2"))
        #expect(t.run("EXISTS", "a") == .integer(0))
        t.run("RPUSH", "src", "x", "y")
        #expect(t.run("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0") == .bulk("y"))
        #expect(t.run("BRPOPLPUSH", "src", "dst", "0") == .bulk("x"))
        #expect(t.run("LRANGE", "dst", "0", "-1") == bulks("x", "y"))
        #expect(t.run("BLMPOP", "0", "2", "nokey", "dst", "LEFT", "COUNT", "5") == .array([.bulk("dst"), bulks("x", "y")]))
    }

    @Test func immediatePropagationIsTheNonBlockingForm() {
        let t = TestNode()
        t.run("RPUSH", "a", "1", "2", "3", "4", "5")
        #expect(t.propagated("BLPOP", "a", "0") == [["LPOP", "a"]])
        #expect(t.propagated("BRPOP", "a", "0") == [["RPOP", "a"]])
        // BLMOVE keeps the LEFT/RIGHT arguments as the client spelled them.
        #expect(t.propagated("BLMOVE", "a", "b", "left", "Right", "0") == [["LMOVE", "a", "b", "left", "Right"]])
        #expect(t.propagated("BRPOPLPUSH", "a", "b", "0") == [["RPOPLPUSH", "a", "b"]])
        #expect(t.propagated("BLMPOP", "0", "1", "b", "LEFT", "COUNT", "9") == [["LPOP", "b", "2"]])
    }

    @Test func servedLaterByAnotherClientsPush() {
        let t = TestNode()
        let waiter = t.connect()
        #expect(t.run("BLPOP", "a", "b", "0", as: waiter) == Self.blocked)
        #expect(waiter.isBlocked)
        #expect(t.run("RPUSH", "b", "x", "y") == .integer(2))
        #expect(t.drain(waiter) == [bulks("b", "x")])
        #expect(!waiter.isBlocked)
        #expect(t.run("LRANGE", "b", "0", "-1") == bulks("y"))
        // The waiter's connection goes on normally afterwards.
        #expect(t.run("PING", as: waiter) == .simpleString("PONG"))
    }

    @Test func servedLaterPropagation() {
        let t = TestNode()
        let w1 = t.connect()
        let w2 = t.connect()
        let w3 = t.connect()
        t.run("BLPOP", "a", "0", as: w1)
        t.run("BLMOVE", "a", "b", "LEFT", "RIGHT", "0", as: w2)
        t.run("BLMPOP", "0", "1", "a", "RIGHT", "COUNT", "5", as: w3)
        // The push, then each waiter's pop in the form Redis writes it (lowercase ends).
        #expect(
            t.propagated("RPUSH", "a", "1", "2", "3", "4", "5") == [
                ["RPUSH", "a", "1", "2", "3", "4", "5"], ["LPOP", "a"], ["LMOVE", "a", "b", "left", "right"],
                ["RPOP", "a", "3"],
            ])
        #expect(t.drain(w1) == [bulks("a", "1")])
        #expect(t.drain(w2) == [.bulk("2")])
        #expect(t.drain(w3) == [.array([.bulk("a"), bulks("5", "4", "3")])])
    }

    @Test func waitersAreServedInArrivalOrder() {
        let t = TestNode()
        let w1 = t.connect()
        let w2 = t.connect()
        let w3 = t.connect()
        t.run("BLPOP", "a", "0", as: w1)
        t.run("BLPOP", "a", "0", as: w2)
        t.run("BRPOP", "a", "0", as: w3)
        t.run("RPUSH", "a", "1", "2")
        #expect(t.drain(w1) == [bulks("a", "1")])
        #expect(t.drain(w2) == [bulks("a", "2")])
        #expect(t.drain(w3) == [])
        #expect(w3.isBlocked)
        t.run("RPUSH", "a", "3")
        #expect(t.drain(w3) == [bulks("a", "3")])
    }

    @Test func oneLPushServesSeveralWaiters() {
        let t = TestNode()
        let w1 = t.connect()
        let w2 = t.connect()
        t.run("BLPOP", "a", "0", as: w1)
        t.run("BLPOP", "a", "0", as: w2)
        t.run("LPUSH", "a", "1", "2", "3")
        #expect(t.drain(w1) == [bulks("a", "3")])
        #expect(t.drain(w2) == [bulks("a", "2")])
        #expect(t.run("LRANGE", "a", "0", "-1") == bulks("1"))
    }

    /// Redis 7.0 serves a waiter from the key that became ready first, not from its first
    /// listed key: here `b` was pushed before `a` inside one transaction.
    @Test func theKeyThatBecameReadyFirstServes() {
        let t = TestNode()
        let waiter = t.connect()
        t.run("BLPOP", "a", "b", "0", as: waiter)
        t.run("MULTI")
        t.run("RPUSH", "b", "1")
        t.run("RPUSH", "a", "2")
        t.run("EXEC")
        #expect(t.drain(waiter) == [bulks("b", "1")])
        #expect(t.run("LRANGE", "a", "0", "-1") == bulks("2"))
        #expect(t.run("EXISTS", "b") == .integer(0))
        let mpop = t.connect()
        t.run("BLMPOP", "0", "2", "x", "y", "LEFT", "COUNT", "2", as: mpop)
        t.run("MULTI")
        t.run("RPUSH", "y", "1", "2")
        t.run("RPUSH", "x", "3")
        t.run("EXEC")
        #expect(t.drain(mpop) == [.array([.bulk("y"), bulks("1", "2")])])
    }

    @Test func aKeyOfAnotherTypeDoesNotWakeListWaiters() {
        let t = TestNode()
        let waiter = t.connect()
        t.run("BLPOP", "a", "0", as: waiter)
        t.run("SET", "a", "x")
        t.run("DEL", "a")
        t.run("ZADD", "a", "1", "m")
        t.run("DEL", "a")
        #expect(waiter.isBlocked)
        t.run("RPUSH", "a", "v")
        #expect(t.drain(waiter) == [bulks("a", "v")])
    }

    @Test func otherWaysAListAppearsServeWaiters() {
        let t = TestNode()
        let w1 = t.connect()
        t.run("BLPOP", "a", "0", as: w1)
        t.run("RPUSH", "b", "1")
        t.run("RENAME", "b", "a")
        #expect(t.drain(w1) == [bulks("a", "1")])
        // BLMOVE's push into its destination serves whoever waits there.
        let w2 = t.connect()
        let w3 = t.connect()
        t.run("BLMOVE", "src", "mid", "LEFT", "LEFT", "0", as: w2)
        t.run("BLPOP", "mid", "0", as: w3)
        t.run("RPUSH", "src", "x")
        #expect(t.drain(w2) == [.bulk("x")])
        #expect(t.drain(w3) == [bulks("mid", "x")])
        #expect(t.run("EXISTS", "mid") == .integer(0))
    }

    @Test func waitersOnlySeeTheirOwnDatabase() {
        let t = TestNode()
        let waiter = t.connect()
        t.run("SELECT", "1", as: waiter)
        t.run("BLPOP", "a", "0", as: waiter)
        t.run("RPUSH", "a", "db0")
        #expect(t.drain(waiter) == [])
        t.run("SELECT", "1")
        t.run("RPUSH", "a", "db1")
        #expect(t.drain(waiter) == [bulks("a", "db1")])
    }

    @Test func timeoutsAnswerNullArrays() {
        let t = TestNode()
        let waiter = t.connect()
        for args in [
            ["BLPOP", "a", "0.1"], ["BRPOP", "a", "b", "0.1"], ["BLMPOP", "0.1", "1", "a", "LEFT"],
            // BLMOVE and BRPOPLPUSH too answer a null array when they time out (Redis 7.0).
            ["BLMOVE", "a", "b", "LEFT", "LEFT", "0.1"], ["BRPOPLPUSH", "a", "b", "0.1"],
        ] {
            #expect(t.run(args.map { Array($0.utf8) }, as: waiter) == Self.blocked, "\(args)")
            t.advance(milliseconds: 99)
            #expect(t.drain(waiter) == [], "\(args)")
            t.advance(milliseconds: 1)
            #expect(t.drain(waiter) == [.array(nil)], "\(args)")
            #expect(!waiter.isBlocked)
        }
        t.resp3()
        t.run("BLPOP", "a", "0.01")
        t.advance(milliseconds: 10)
        #expect(t.drain() == [.null])
    }

    @Test func timeoutRoundsUpToWholeMilliseconds() {
        let t = TestNode()
        let waiter = t.connect()
        t.run("BLPOP", "a", "0.0011", as: waiter)
        t.advance(milliseconds: 1)
        #expect(t.drain(waiter) == [])
        t.advance(milliseconds: 1)
        #expect(t.drain(waiter) == [.array(nil)])
    }

    @Test func zeroWaitsForever() {
        let t = TestNode()
        let waiter = t.connect()
        t.run("BLPOP", "a", "0", as: waiter)
        t.advance(milliseconds: 86_400_000)
        #expect(waiter.isBlocked)
        #expect(t.drain(waiter) == [])
    }

    @Test func timeoutErrors() {
        let t = TestNode()
        let notFloat = RESPValue.error("ERR timeout is not a float or out of range")
        let negative = RESPValue.error("ERR timeout is negative")
        #expect(t.run("BLPOP", "a", "-1") == negative)
        #expect(t.run("BLPOP", "a", "x") == notFloat)
        #expect(t.run("BLPOP", "a", " 1") == notFloat)
        // Too large for Redis's millisecond long long: its cast makes them negative.
        #expect(t.run("BLPOP", "a", "1e400") == negative)
        #expect(t.run("BLPOP", "a", "inf") == negative)
        #expect(t.run("BLMOVE", "a", "b", "LEFT", "LEFT", "-1") == negative)
        #expect(t.run("BRPOPLPUSH", "a", "b", "x") == notFloat)
        #expect(t.run("BLMPOP", "-1", "1", "a", "LEFT") == negative)
        // BLMPOP checks its other arguments before the timeout.
        #expect(t.run("BLMPOP", "x", "0", "a", "LEFT") == .error("ERR numkeys should be greater than 0"))
        #expect(t.run("BLMPOP", "x", "1", "a", "MIDDLE") == .error("ERR syntax error"))
        #expect(t.run("BLMPOP", "-1", "1", "a", "LEFT", "COUNT", "0") == .error("ERR count should be greater than 0"))
        #expect(!t.client.isBlocked)
    }

    @Test func insideMultiTheyAnswerAsTimedOut() {
        let t = TestNode()
        t.run("MULTI")
        for args in [
            ["BLPOP", "a", "0"], ["BRPOP", "a", "0"], ["BLMOVE", "a", "b", "LEFT", "LEFT", "0"],
            ["BRPOPLPUSH", "a", "b", "0"], ["BLMPOP", "0", "1", "a", "LEFT"],
        ] {
            #expect(t.run(args.map { Array($0.utf8) }) == .simpleString("QUEUED"))
        }
        #expect(
            t.run("EXEC") == .array([.array(nil), .array(nil), .bulkString(nil), .bulkString(nil), .array(nil)]))
        #expect(!t.client.isBlocked)
        t.run("RPUSH", "a", "1")
        t.run("MULTI")
        t.run("BLPOP", "a", "0")
        t.run("BLPOP", "a", "0")
        #expect(t.run("EXEC") == .array([bulks("a", "1"), .array(nil)]))
    }

    @Test func clientUnblock() {
        let t = TestNode()
        let w1 = t.connect()
        let w2 = t.connect()
        let w3 = t.connect()
        t.run("BLPOP", "a", "0", as: w1)
        t.run("BRPOPLPUSH", "a", "b", "0", as: w2)
        t.run("BLMPOP", "0", "1", "a", "LEFT", as: w3)
        #expect(t.run("CLIENT", "UNBLOCK", String(w1.id)) == .integer(1))
        #expect(t.drain(w1) == [.array(nil)])
        #expect(t.run("CLIENT", "UNBLOCK", String(w2.id), "ERROR") == .integer(1))
        #expect(t.drain(w2) == [.error("UNBLOCKED client unblocked via CLIENT UNBLOCK")])
        #expect(t.run("CLIENT", "UNBLOCK", String(w3.id), "TIMEOUT") == .integer(1))
        #expect(t.drain(w3) == [.array(nil)])
        #expect(t.run("CLIENT", "UNBLOCK", String(w1.id)) == .integer(0))
        #expect(t.run("CLIENT", "UNBLOCK", "999") == .integer(0))
        #expect(
            t.run("CLIENT", "UNBLOCK", String(w1.id), "FOO")
                == .error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR"))
        #expect(t.run("CLIENT", "UNBLOCK", "x") == .error("ERR value is not an integer or out of range"))
        // Unblocked clients are no longer waiting: a push stays in the list.
        t.run("RPUSH", "a", "v")
        #expect(t.run("LLEN", "a") == .integer(1))
    }

    @Test func blockedClientsInInfo() {
        let t = TestNode()
        let w1 = t.connect()
        let w2 = t.connect()
        t.run("BLPOP", "a", "0", as: w1)
        t.run("BLPOP", "a", "5", as: w2)
        let info = t.run("INFO", "clients").string ?? ""
        #expect(info.contains("blocked_clients:2\r\n"))
        #expect(info.contains("clients_in_timeout_table:1\r\n"))
        #expect((t.run("CLIENT", "LIST").string ?? "").contains("flags=b"))
    }
}
