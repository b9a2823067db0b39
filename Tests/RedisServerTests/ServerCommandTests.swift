import RESP
import Testing

@testable import RedisServer

/// DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME and COMMAND COUNT.
@Suite struct ServerCommandTests {
    @Test func dbsizeCountsTheSelectedDatabase() {
        let t = TestNode()
        #expect(t.run("DBSIZE") == .integer(0))
        t.run("MSET", "a", "1", "b", "2")
        #expect(t.run("DBSIZE") == .integer(2))
        t.run("SELECT", "1")
        #expect(t.run("DBSIZE") == .integer(0))
        #expect(t.run("DBSIZE", "x") == .error("ERR wrong number of arguments for 'dbsize' command"))
    }

    @Test func flushDBAndFlushAll() {
        let t = TestNode()
        t.run("MSET", "a", "1", "b", "2")
        t.run("SELECT", "1")
        t.run("SET", "c", "1")
        #expect(t.run("FLUSHDB") == .simpleString("OK"))
        #expect(t.run("DBSIZE") == .integer(0))
        t.run("SELECT", "0")
        #expect(t.run("DBSIZE") == .integer(2))
        t.run("SELECT", "1")
        t.run("SET", "c", "1")
        #expect(t.run("FLUSHALL") == .simpleString("OK"))
        #expect(t.run("DBSIZE") == .integer(0))
        t.run("SELECT", "0")
        #expect(t.run("DBSIZE") == .integer(0))
        for command in ["FLUSHDB", "FLUSHALL"] {
            #expect(t.run(command, "ASYNC") == .simpleString("OK"))
            #expect(t.run(command, "sync") == .simpleString("OK"))
            #expect(t.run(command, "FOO") == .error("ERR syntax error"))
            #expect(t.run(command, "SYNC", "ASYNC") == .error("ERR syntax error"))
        }
    }

    @Test func flushesAreAlwaysPropagated() {
        let t = TestNode()
        #expect(t.propagated("FLUSHALL") == [["FLUSHALL"]])
        #expect(t.propagated("FLUSHDB") == [["FLUSHDB"]])
        t.run("SET", "a", "1")
        #expect(t.propagated("FLUSHDB", "ASYNC") == [["FLUSHDB", "ASYNC"]])
    }

    @Test func swapDB() {
        let t = TestNode()
        let other = t.connect()
        t.run("SET", "a", "0")
        t.run("SELECT", "1")
        t.run("SET", "b", "1")
        t.run("SELECT", "1", as: other)
        #expect(t.run("SWAPDB", "0", "1") == .simpleString("OK"))
        // Every client keeps its db number and sees the other data.
        #expect(t.run("GET", "a") == .bulk("0"))
        #expect(t.run("GET", "a", as: other) == .bulk("0"))
        t.run("SELECT", "0")
        #expect(t.run("GET", "b") == .bulk("1"))
        #expect(t.run("SWAPDB", "3", "3") == .simpleString("OK"))
        #expect(t.propagated("SWAPDB", "0", "1") == [["SWAPDB", "0", "1"]])
    }

    @Test func swapDBErrors() {
        let t = TestNode()
        #expect(t.run("SWAPDB", "0", "x") == .error("ERR invalid second DB index"))
        #expect(t.run("SWAPDB", "x", "0") == .error("ERR invalid first DB index"))
        #expect(t.run("SWAPDB", "0", "16") == .error("ERR DB index is out of range"))
        #expect(t.run("SWAPDB", "-1", "0") == .error("ERR DB index is out of range"))
        #expect(t.run("SWAPDB", "0") == .error("ERR wrong number of arguments for 'swapdb' command"))
    }

    @Test func swapDBServesBlockedClients() {
        let t = TestNode()
        let waiter = t.connect()
        t.run("BLPOP", "l", "0", as: waiter)
        t.run("SELECT", "1")
        t.run("RPUSH", "l", "x")
        t.run("SWAPDB", "0", "1")
        #expect(t.drain(waiter) == [bulks("l", "x")])
    }

    @Test func timeIsSecondsAndMicroseconds() {
        let t = TestNode()
        let reply = t.run("TIME").elements ?? []
        #expect(reply.count == 2)
        let seconds = Int64(reply.first?.string ?? "")
        let micros = Int64(reply.last?.string ?? "")
        #expect(seconds == t.now / 1000)
        #expect(micros.map { $0 >= 0 && $0 < 1_000_000 } == true)
        #expect(t.run("TIME", "x") == .error("ERR wrong number of arguments for 'time' command"))
    }

    @Test func commandCountMatchesTheCommandTable() {
        let t = TestNode()
        let count = t.run("COMMAND", "COUNT")
        #expect(count == .integer(Int64(t.run("COMMAND").elements?.count ?? -1)))
        let topLevel = (t.run("COMMAND", "LIST").elements ?? []).filter { $0.string?.contains("|") == false }
        #expect(count == .integer(Int64(topLevel.count)))
        // Every family under test is in it.
        for name in [
            "del", "scan", "object", "lmpop", "blmpop", "hello", "client", "exec", "watch", "ssubscribe", "spublish",
            "pubsub", "swapdb", "debug", "getex", "setrange",
        ] {
            #expect(t.run("COMMAND", "INFO", name).elements?.first?.isNull == false, "\(name)")
        }
        #expect(t.run("COMMAND", "COUNT", "x") == .error("ERR wrong number of arguments for 'command|count' command"))
    }
}
