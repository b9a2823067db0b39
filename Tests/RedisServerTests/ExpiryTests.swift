import RESP
import Testing

@testable import RedisServer

/// Keys with a TTL: deleted lazily when touched after their time, or by the cron's active
/// expiry; either way the deletion reaches the AOF as DEL and is counted in INFO.
@Suite struct ExpiryTests {
    static func info(_ t: TestNode, _ section: String) -> String { t.run("INFO", section).string ?? "" }

    @Test func expiredKeysVanishOnAccess() {
        let t = TestNode()
        t.run("SET", "a", "1", "PX", "50")
        t.run("RPUSH", "l", "x")
        t.run("PEXPIRE", "l", "50")
        t.run("SET", "b", "1", "PX", "50")
        t.advance(milliseconds: 49)
        #expect(t.run("GET", "a") == .bulk("1"))
        t.advance(milliseconds: 1)
        // Nothing deleted them yet: DBSIZE still counts them.
        #expect(t.run("DBSIZE") == .integer(3))
        #expect(t.run("GET", "a") == .bulkString(nil))
        #expect(t.run("DBSIZE") == .integer(2))
        #expect(t.run("TYPE", "l") == .simpleString("none"))
        #expect(t.run("EXISTS", "b") == .integer(0))
        #expect(t.run("DBSIZE") == .integer(0))
        #expect(Self.info(t, "stats").contains("expired_keys:3\r\n"))
    }

    @Test func writesSeeAnExpiredKeyAsAbsent() {
        let t = TestNode()
        t.run("SET", "a", "old", "PX", "10")
        t.run("RPUSH", "l", "x")
        t.run("PEXPIRE", "l", "10")
        t.advance(milliseconds: 10)
        #expect(t.run("SET", "a", "new", "NX") == .simpleString("OK"))
        #expect(t.run("TTL", "a") == .integer(-1))
        #expect(t.run("LPUSHX", "l", "y") == .integer(0))
        #expect(t.run("RPUSH", "l", "y") == .integer(1))
    }

    @Test func lazyExpiryPropagatesDel() {
        let t = TestNode()
        t.run("SET", "a", "1", "PX", "10")
        t.advance(milliseconds: 10)
        // A read propagates the DEL the expiry caused, though GET itself is not propagated.
        #expect(t.propagated("GET", "a") == [["DEL", "a"]])
        #expect(t.propagated("GET", "a") == [])
    }

    @Test func cronDeletesExpiredKeysActively() {
        let t = TestNode()
        for i in 0..<50 { t.run("SET", "gone\(i)", "1", "PX", "100") }
        for i in 0..<5 { t.run("SET", "kept\(i)", "1", "EX", "100") }
        t.run("SET", "plain", "1")
        t.advance(milliseconds: 100)
        let log = t.recordPropagation()
        // Each cycle has a time budget; on a loaded machine one may stop early, the next
        // goes on. A handful always suffices.
        for _ in 0..<50 where t.node.databases[0].count > 6 { t.node.cron() }
        t.node.propagationObserver = nil
        #expect(t.run("DBSIZE") == .integer(6))
        #expect(log.commands.count == 50)
        #expect(log.commands.allSatisfy { $0.count == 2 && $0[0] == "DEL" && $0[1].hasPrefix("gone") })
        #expect(Self.info(t, "stats").contains("expired_keys:50\r\n"))
    }

    @Test func activeExpiryCanBeSwitchedOff() {
        let t = TestNode { $0.enableDebugCommand = .yes }
        t.run("DEBUG", "SET-ACTIVE-EXPIRE", "0")
        t.run("SET", "a", "1", "PX", "10")
        t.advance(milliseconds: 10)
        t.node.cron()
        #expect(t.run("DBSIZE") == .integer(1))
        t.run("DEBUG", "SET-ACTIVE-EXPIRE", "1")
        t.node.cron()
        #expect(t.run("DBSIZE") == .integer(0))
    }

    @Test func keyspaceInfoCountsKeysWithTTL() {
        let t = TestNode()
        #expect(Self.info(t, "keyspace") == "# Keyspace\r\n")
        t.run("SET", "a", "1", "EX", "100")
        t.run("SET", "b", "1")
        t.run("SELECT", "2")
        t.run("SET", "c", "1")
        #expect(Self.info(t, "keyspace").contains("db0:keys=2,expires=1,avg_ttl="))
        #expect(Self.info(t, "keyspace").contains("db2:keys=1,expires=0,avg_ttl=0\r\n"))
        t.run("SELECT", "0")
        t.run("PERSIST", "a")
        #expect(Self.info(t, "keyspace").contains("db0:keys=2,expires=0,"))
        t.run("PEXPIRE", "b", "10")
        t.advance(milliseconds: 10)
        t.node.cron()
        #expect(Self.info(t, "keyspace").contains("db0:keys=1,expires=0,avg_ttl=0\r\n"))
    }

    @Test func averageTTLIsEstimatedByTheCronAndResetWhenNoKeyHasOne() {
        let t = TestNode()
        t.run("SET", "a", "1", "EX", "100")
        t.node.cron()
        // One sample of 100000 ms: Redis blends it once with itself, (x/50)*49 + x/50.
        #expect(Self.info(t, "keyspace").contains("db0:keys=1,expires=1,avg_ttl=100000\r\n"))
        t.run("PERSIST", "a")
        t.node.cron()
        #expect(Self.info(t, "keyspace").contains("db0:keys=1,expires=0,avg_ttl=0\r\n"))
    }

    @Test func overwritingDropsTheTTLButKeepTTLOptionsKeepIt() {
        let t = TestNode()
        t.run("SET", "a", "1", "EX", "100")
        t.run("INCR", "a")
        t.run("APPEND", "a", "0")
        t.run("SETRANGE", "a", "0", "9")
        #expect(t.run("TTL", "a") == .integer(100))
        t.run("SET", "a", "x")
        #expect(t.run("TTL", "a") == .integer(-1))
        t.run("SET", "a", "1", "EX", "100")
        t.run("GETSET", "a", "2")
        #expect(t.run("TTL", "a") == .integer(-1))
        t.run("RPUSH", "l", "x")
        t.run("EXPIRE", "l", "100")
        t.run("RPUSH", "l", "y")
        t.run("LPOP", "l")
        #expect(t.run("TTL", "l") == .integer(100))
    }

    @Test func transactionSeesExpiryAtExecTime() {
        let t = TestNode()
        t.run("SET", "a", "1", "PX", "10")
        t.run("MULTI")
        t.run("GET", "a")
        t.run("GET", "a")
        t.advance(milliseconds: 10)
        // Queued commands run when EXEC does, so they judge expiry at that time.
        #expect(t.run("EXEC") == .array([.bulkString(nil), .bulkString(nil)]))
    }
}
