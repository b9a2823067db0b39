import RESP
import Testing

@testable import RedisServer

/// MULTI, EXEC and DISCARD: queueing, errors found while queueing (EXECABORT), errors at
/// run time (the rest still runs), and what reaches the AOF.
@Suite struct TransactionTests {
    static let queued = RESPValue.simpleString("QUEUED")

    @Test func queuedCommandsRunOnExec() {
        let t = TestNode()
        #expect(t.run("MULTI") == .simpleString("OK"))
        #expect(t.run("SET", "a", "1") == Self.queued)
        #expect(t.run("INCR", "a") == Self.queued)
        #expect(t.run("GET", "a") == Self.queued)
        // Nothing ran yet.
        #expect(t.run("EXISTS", "a", as: t.connect()) == .integer(0))
        #expect(t.run("EXEC") == .array([.simpleString("OK"), .integer(2), .bulk("2")]))
        #expect(t.run("EXEC") == .error("ERR EXEC without MULTI"))
        #expect(t.run("DISCARD") == .error("ERR DISCARD without MULTI"))
    }

    @Test func emptyTransaction() {
        let t = TestNode()
        t.run("MULTI")
        #expect(t.run("EXEC") == .array([]))
    }

    @Test func discardDropsTheQueue() {
        let t = TestNode()
        t.run("MULTI")
        t.run("SET", "b", "1")
        #expect(t.run("DISCARD") == .simpleString("OK"))
        #expect(t.run("GET", "b") == .bulkString(nil))
        #expect(t.run("MULTI", "x") == .error("ERR wrong number of arguments for 'multi' command"))
        t.run("MULTI")
        // A wrong EXEC is refused without ending the transaction... as an EXECABORT.
        #expect(t.run("EXEC", "x") == .error("EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command"))
        #expect(t.run("EXEC") == .error("ERR EXEC without MULTI"))
    }

    @Test func errorsWhileQueueingAbortTheTransaction() {
        let t = TestNode()
        t.run("MULTI")
        #expect(t.run("SET", "a", "1") == Self.queued)
        #expect(
            t.run("NOSUCHCMD", "x")
                == .error("ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' "))
        #expect(t.run("SET", "b") == .error("ERR wrong number of arguments for 'set' command"))
        #expect(t.run("EXEC") == .error("EXECABORT Transaction discarded because of previous errors."))
        #expect(t.run("GET", "a") == .bulkString(nil))
        t.run("MULTI")
        t.run("SET", "a", "1")
        t.run("GET")
        #expect(t.run("DISCARD") == .simpleString("OK"))
        #expect(t.run("GET", "a") == .bulkString(nil))
        // The next transaction starts clean.
        t.run("MULTI")
        t.run("SET", "a", "1")
        #expect(t.run("EXEC") == .array([.simpleString("OK")]))
    }

    @Test func runtimeErrorsDoNotStopTheRest() {
        let t = TestNode()
        t.run("SET", "s", "str")
        t.run("MULTI")
        t.run("INCR", "s")
        t.run("SET", "a", "1")
        t.run("LPUSH", "s", "x")
        t.run("GET", "a")
        #expect(
            t.run("EXEC") == .array([
                .error("ERR value is not an integer or out of range"), .simpleString("OK"),
                .error("WRONGTYPE Operation against a key holding the wrong kind of value"), .bulk("1"),
            ]))
    }

    @Test func commandsRefusedInsideMulti() {
        let t = TestNode()
        t.run("MULTI")
        #expect(t.run("WATCH", "x") == .error("ERR WATCH inside MULTI is not allowed"))
        #expect(t.run("MULTI") == .error("ERR MULTI calls can not be nested"))
        // Neither error spoils the transaction.
        t.run("SET", "k", "v")
        #expect(t.run("EXEC") == .array([.simpleString("OK")]))
    }

    @Test func subscribeInsideExec() {
        let t = TestNode()
        t.run("MULTI")
        t.run("SUBSCRIBE", "x")
        t.run("PSUBSCRIBE", "y")
        #expect(
            t.run("EXEC") == .array([
                .array([.bulk("subscribe"), .bulk("x"), .integer(1)]),
                .array([.bulk("psubscribe"), .bulk("y"), .integer(2)]),
            ]))
        #expect(t.client.isSubscribed)
    }

    @Test func selectInsideExecAppliesToTheRest() {
        let t = TestNode()
        t.run("MULTI")
        t.run("SELECT", "1")
        t.run("SET", "a", "1")
        t.run("SELECT", "0")
        #expect(t.run("EXEC") == .array([.simpleString("OK"), .simpleString("OK"), .simpleString("OK")]))
        #expect(t.run("GET", "a") == .bulkString(nil))
        t.run("SELECT", "1")
        #expect(t.run("GET", "a") == .bulk("1"))
    }

    @Test func resp3RepliesInsideExec() {
        let t = TestNode()
        t.resp3()
        t.run("MULTI")
        t.run("SET", "a", "1")
        t.run("GET", "nokey")
        t.run("HGETALL", "nokey")
        #expect(t.run("EXEC") == .array([.simpleString("OK"), .null, .map([])]))
    }

    @Test func multiShowsInClientInfo() {
        let t = TestNode()
        t.run("MULTI")
        t.run("SET", "a", "1")
        t.run("SET", "b", "1")
        let line = t.run("CLIENT", "LIST", "ID", String(t.client.id), as: t.connect()).string ?? ""
        #expect(line.contains(" flags=x "))
        #expect(line.contains(" multi=2 "))
    }

    @Test func propagationWrapsSeveralWrites() {
        let t = TestNode()
        let log = t.recordPropagation()
        t.run("MULTI")
        t.run("SET", "a", "1")
        t.run("GET", "a")
        t.run("INCR", "a")
        t.run("EXEC")
        #expect(log.commands == [["MULTI"], ["SET", "a", "1"], ["INCR", "a"], ["EXEC"]])
        log.commands = []
        // A single write goes alone; a read-only transaction propagates nothing.
        t.run("MULTI")
        t.run("SET", "b", "1")
        t.run("EXEC")
        t.run("MULTI")
        t.run("GET", "b")
        t.run("EXEC")
        #expect(log.commands == [["SET", "b", "1"]])
        t.node.propagationObserver = nil
    }
}
