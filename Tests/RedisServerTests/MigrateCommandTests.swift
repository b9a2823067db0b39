import NIOCore
import RESP
import Testing

@testable import RedisServer

/// MIGRATE's arguments and errors, as redis-server 7.0.15 answers them (observed with
/// redis-cli against a live server), and the hold it puts on other clients. The transfer
/// itself is covered against real servers in MigrateTests (IntegrationTests).
@Suite struct MigrateCommandTests {
    static let syntaxError = RESPValue.error("ERR syntax error")

    @Test func argumentErrors() {
        let t = TestNode()
        t.run("SET", "a", "1")
        #expect(t.run("MIGRATE", "127.0.0.1", "1", "a", "0") == .error("ERR wrong number of arguments for 'migrate' command"))
        #expect(t.run("MIGRATE", "127.0.0.1", "1", "a", "0", "100", "foo") == Self.syntaxError)
        #expect(t.run("MIGRATE", "127.0.0.1", "1", "a", "0", "100", "AUTH") == Self.syntaxError)
        #expect(t.run("MIGRATE", "127.0.0.1", "1", "a", "0", "100", "auth2", "u") == Self.syntaxError)
        #expect(
            t.run("MIGRATE", "127.0.0.1", "1", "a", "0", "100", "KEYS", "a")
                == .error("ERR When using MIGRATE KEYS option, the key argument must be set to the empty string"))
        #expect(t.run("MIGRATE", "127.0.0.1", "1", "a", "x", "100") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("MIGRATE", "127.0.0.1", "1", "a", "0", "x") == .error("ERR value is not an integer or out of range"))
        // Options are checked before the numbers, and the keys only after both.
        #expect(t.run("MIGRATE", "127.0.0.1", "1", "a", "x", "100", "bogus") == Self.syntaxError)
        #expect(t.run("MIGRATE", "127.0.0.1", "1", "nokey", "0", "100") == .simpleString("NOKEY"))
        #expect(t.run("MIGRATE", "127.0.0.1", "1", "", "0", "100", "copy", "keys") == .simpleString("NOKEY"))
        #expect(t.run("MIGRATE", "127.0.0.1", "1", "", "0", "100", "KEYS", "n1", "n2") == .simpleString("NOKEY"))
    }

    @Test func parsedRequest() throws {
        func parse(_ args: String...) throws(RedisError) -> MigrateRequest {
            try MigrateRequest(args.map { ByteBuffer(string: $0) })
        }
        let r = try parse("MIGRATE", "h", "6380", "", "3", "0", "COPY", "replace", "AUTH2", "u", "p", "KEYS", "k1", "k2")
        #expect(r.host == "h" && r.port == 6380 && r.db == 3)
        #expect(r.timeout == 1000)  // zero or less means one second
        #expect(r.copy && r.replace)
        #expect(r.username == Bytes("u") && r.password == Bytes("p"))
        #expect(r.keys == [Bytes("k1"), Bytes("k2")])
        let single = try parse("MIGRATE", "h", "12abc", "k", "0", "250", "AUTH", "secret")
        #expect(single.port == 12 && single.timeout == 250 && single.username == nil && single.password == Bytes("secret"))
        #expect(single.keys == [Bytes("k")])
        // AUTH takes the next argument whole, even when it reads KEYS.
        #expect(try parse("MIGRATE", "h", "1", "k", "0", "1", "AUTH", "keys").keys == [Bytes("k")])
        #expect(MigrateRequest.atoi("abc") == 0 && MigrateRequest.atoi("-7") == -7)
    }

    @Test func keyPositions() throws {
        let spec = try #require(CommandTable.standard.lookup("migrate"))
        func keys(_ args: String...) -> [Int] { spec.keyIndices(args.map { ByteBuffer(string: $0) }) }
        #expect(keys("MIGRATE", "h", "1", "k", "0", "1") == [3])
        #expect(keys("MIGRATE", "h", "1", "", "0", "1", "COPY", "KEYS", "a", "b") == [8, 9])
        #expect(keys("MIGRATE", "h", "1", "k", "0", "1", "KEYS", "a") == [])
        #expect(spec.arity == -6 && spec.firstKey == 3 && spec.lastKey == 3 && spec.keyStep == 1)
        #expect(spec.flags.contains(.write) && spec.flags.contains(.movableKeys))
        #expect(spec.aclCategories == ["@keyspace", "@write", "@slow", "@dangerous"])
        let restore = try #require(CommandTable.standard.lookup("restore-asking"))
        #expect(restore.arity == -4 && restore.flags.contains(.asking) && restore.flags.contains(.denyoom))
        #expect(restore.aclCategories == ["@keyspace", "@write", "@slow", "@dangerous"])
    }

    /// No target can be reached (this loop has no sockets): Redis's retry fails alike, the
    /// key stays, and nothing is propagated.
    @Test func unreachableTargetIsAnIOError() {
        let t = TestNode()
        t.run("SET", "a", "1")
        let log = t.recordPropagation()
        #expect(t.run("MIGRATE", "127.0.0.1", "1", "a", "0", "100") == .error("IOERR error or timeout writing to target instance"))
        #expect(t.run("GET", "a") == .bulk("1"))
        #expect(log.commands.isEmpty)
        #expect(t.node.migratingClient == nil && !t.client.isBlocked)
    }

    @Test func insideTransactionIsRefused() {
        let t = TestNode()
        t.run("SET", "a", "1")
        t.run("MULTI")
        #expect(t.run("MIGRATE", "127.0.0.1", "1", "a", "0", "100") == .simpleString("QUEUED"))
        #expect(t.run("EXEC") == .array([.error("ERR MIGRATE is not supported inside MULTI/EXEC")]))
    }

    /// While a MIGRATE is in flight nobody else runs anything (Redis is blocked in it); the
    /// held commands run, in order, when it ends.
    @Test func otherClientsWaitForTheMigration() {
        let t = TestNode()
        let other = t.connect()
        t.node.migratingClient = t.client
        #expect(t.run("SET", "k", "v", as: other) == .array([]))
        #expect(other.pausedCommand != nil)
        t.node.migratingClient = nil
        t.node.resumePausedClients()
        t.loop.run()
        #expect(t.drain(other) == [.simpleString("OK")])
        #expect(t.run("GET", "k") == .bulk("v"))
    }
}
