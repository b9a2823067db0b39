import RESP
import Testing

@testable import RedisServer

/// WATCH and UNWATCH: a watched key changed by anyone (another client, expiry, FLUSHALL,
/// FLUSHDB, SWAPDB) makes EXEC answer a null array; an already-expired key going away does not.
@Suite struct WatchTests {
    /// Runs `MULTI PING EXEC` on the default client and says whether it ran.
    static func execRuns(_ t: TestNode) -> Bool {
        t.run("MULTI")
        t.run("PING")
        let reply = t.run("EXEC")
        #expect(reply == .array(nil) || reply == .array([.simpleString("PONG")]), "\(reply)")
        return reply != .array(nil)
    }

    @Test func modificationByAnotherClientAbortsExec() {
        let t = TestNode()
        let other = t.connect()
        t.run("SET", "a", "1")
        #expect(t.run("WATCH", "a") == .simpleString("OK"))
        t.run("SET", "a", "2", as: other)
        t.run("MULTI")
        t.run("GET", "a")
        #expect(t.run("EXEC") == .array(nil))
        // EXEC unwatches: the next transaction runs.
        t.run("SET", "a", "3", as: other)
        #expect(Self.execRuns(t))
    }

    @Test func readsAndNoOpWritesDoNotCount() {
        let t = TestNode()
        let other = t.connect()
        t.run("SET", "a", "1")
        t.run("WATCH", "a", "nokey")
        t.run("GET", "a", as: other)
        t.run("DEL", "nokey", as: other)
        t.run("SET", "a", "1", "NX", as: other)
        t.run("EXPIRE", "a", "100", "XX", as: other)
        t.run("LPUSHX", "nokey", "x", as: other)
        t.run("SET", "a", "1", "GET", "XX", "PX", "0", as: other)
        #expect(Self.execRuns(t))
    }

    @Test func ownModificationsCountToo() {
        let t = TestNode()
        t.run("WATCH", "a")
        t.run("SET", "a", "5")
        #expect(!Self.execRuns(t))
    }

    @Test func unwatchAndDiscardForgetWatches() {
        let t = TestNode()
        let other = t.connect()
        t.run("SET", "a", "1")
        t.run("WATCH", "a", "b")
        #expect(t.run("UNWATCH") == .simpleString("OK"))
        t.run("SET", "a", "2", as: other)
        #expect(Self.execRuns(t))
        t.run("WATCH", "a")
        t.run("MULTI")
        t.run("DISCARD")
        t.run("SET", "a", "3", as: other)
        #expect(Self.execRuns(t))
        #expect(t.run("WATCH") == .error("ERR wrong number of arguments for 'watch' command"))
    }

    @Test func otherDatabasesAreOtherKeys() {
        let t = TestNode()
        let other = t.connect()
        t.run("SET", "a", "1")
        t.run("WATCH", "a")
        t.run("SELECT", "1", as: other)
        t.run("SET", "a", "2", as: other)
        #expect(Self.execRuns(t))
    }

    @Test func creationRenameAndDeletionCount() {
        let t = TestNode()
        let other = t.connect()
        t.run("WATCH", "new")
        t.run("RPUSH", "new", "x", as: other)
        #expect(!Self.execRuns(t))
        t.run("SET", "src", "1")
        t.run("WATCH", "dst")
        t.run("RENAME", "src", "dst", as: other)
        #expect(!Self.execRuns(t))
        t.run("WATCH", "dst")
        t.run("DEL", "dst", as: other)
        #expect(!Self.execRuns(t))
    }

    @Test func expiryOfAWatchedKeyAbortsExec() {
        let t = TestNode()
        t.run("SET", "a", "1", "PX", "100")
        t.run("WATCH", "a")
        t.advance(milliseconds: 100)
        // Nobody touched the key: its expiry alone is a change.
        #expect(!Self.execRuns(t))
    }

    @Test func watchingAnAlreadyExpiredKey() {
        let t = TestNode()
        let other = t.connect()
        t.run("SET", "a", "1", "PX", "10")
        t.advance(milliseconds: 10)
        t.run("WATCH", "a")
        // It was logically gone already: deleting it on access changes nothing.
        t.run("GET", "a", as: other)
        #expect(Self.execRuns(t))
        // But setting it is a change.
        t.run("SET", "b", "1", "PX", "10")
        t.advance(milliseconds: 10)
        t.run("WATCH", "b")
        t.run("SET", "b", "2", as: other)
        #expect(!Self.execRuns(t))
    }

    @Test func flushAllAndFlushDB() {
        let t = TestNode()
        let other = t.connect()
        t.run("SET", "a", "1")
        t.run("WATCH", "a")
        t.run("FLUSHALL", as: other)
        #expect(!Self.execRuns(t))
        // A watched key that did not exist is untouched by a flush.
        t.run("WATCH", "nokey")
        t.run("FLUSHALL", as: other)
        #expect(Self.execRuns(t))
        t.run("SET", "a", "1")
        t.run("WATCH", "a")
        t.run("FLUSHDB", as: other)
        #expect(!Self.execRuns(t))
        t.run("SET", "a", "1")
        t.run("WATCH", "a")
        t.run("SELECT", "1", as: other)
        t.run("FLUSHDB", as: other)
        #expect(Self.execRuns(t))
    }

    @Test func flushingAnAlreadyExpiredWatchedKeyIsNoChange() {
        let t = TestNode()
        let other = t.connect()
        t.run("SET", "a", "1", "PX", "10")
        t.advance(milliseconds: 10)
        t.run("WATCH", "a")
        t.run("FLUSHALL", as: other)
        #expect(Self.execRuns(t))
    }

    @Test func swapDB() {
        let t = TestNode()
        let other = t.connect()
        t.run("SET", "a", "1")
        t.run("WATCH", "a")
        t.run("SWAPDB", "0", "1", as: other)
        #expect(!Self.execRuns(t))
        // Now db0 lacks `a` but db1 has it: swapping brings it back, which is a change.
        t.run("WATCH", "a")
        t.run("SWAPDB", "0", "1", as: other)
        #expect(!Self.execRuns(t))
        t.run("WATCH", "zz")
        t.run("SWAPDB", "0", "1", as: other)
        #expect(Self.execRuns(t))
        // Swapping a database with itself changes nothing.
        t.run("WATCH", "a")
        #expect(t.run("SWAPDB", "0", "0", as: other) == .simpleString("OK"))
        #expect(Self.execRuns(t))
    }

    @Test func swapDBAndExpiredKeys() {
        let t = TestNode()
        let other = t.connect()
        // Watched while expired, swapped away: still no change.
        t.run("SET", "a", "1", "PX", "10")
        t.advance(milliseconds: 10)
        t.run("WATCH", "a")
        t.run("SWAPDB", "0", "1", as: other)
        #expect(Self.execRuns(t))
        // A missing key replaced by an expired one: no change either.
        t.run("FLUSHALL")
        t.run("SELECT", "1")
        t.run("SET", "b", "1", "PX", "10")
        t.run("SELECT", "0")
        t.advance(milliseconds: 10)
        t.run("WATCH", "b")
        t.run("SWAPDB", "0", "1", as: other)
        #expect(Self.execRuns(t))
    }

    @Test func dirtyWatchShowsInClientInfo() {
        let t = TestNode()
        t.run("WATCH", "a")
        t.run("SET", "a", "1", as: t.connect())
        #expect((t.run("CLIENT", "INFO").string ?? "").contains(" flags=d "))
    }
}
