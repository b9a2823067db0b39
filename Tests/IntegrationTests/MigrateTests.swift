import Foundation
import RESP
import Shakedown
import Testing

/// MIGRATE between our node and redis-server 7.0, both ways: single keys and KEYS, COPY,
/// REPLACE, AUTH and AUTH2, another db, and the errors the target's replies become.
@Suite(.serialized) struct MigrateTests {
    static let ok = RESPValue.simpleString("OK")
    static let busy = RESPValue.error("ERR Target instance replied with error: BUSYKEY Target key name already exists.")

    /// A server with `requirepass`, and a connection to it already authenticated.
    static func start(_ server: ServerProcess, password: String) throws -> RedisConnection {
        let connection = try server.connect()
        #expect(try connection.send("auth", password) == ok)
        return connection
    }

    static func fill(_ c: RedisConnection) throws {
        #expect(try c.send("set", "s", "string value", "px", "100000") == ok)
        #expect(try c.send("rpush", "l", "a", "b", "c") == .integer(3))
        #expect(try c.send("hset", "h", "f", "v") == .integer(1))
        #expect(try c.send("zadd", "z", "1.5", "m") == .integer(1))
        #expect(try c.send("sadd", "st", "x", "y") == .integer(2))
    }

    /// The keys `fill` made, as read on `c` (in its current db).
    static func expectFilled(_ c: RedisConnection, _ note: String) throws {
        #expect(try c.send("get", "s") == .bulk("string value"), "\(note)")
        let ttl = try c.send("pttl", "s").int ?? -2
        #expect(ttl > 0 && ttl <= 100_000, "\(note): pttl \(ttl)")
        #expect(try c.send("lrange", "l", "0", "-1") == .array([.bulk("a"), .bulk("b"), .bulk("c")]), "\(note)")
        #expect(try c.send("hget", "h", "f") == .bulk("v"), "\(note)")
        #expect(try c.send("zscore", "z", "m") == .bulk("1.5"), "\(note)")
        #expect(try c.send("scard", "st") == .integer(2), "\(note)")
        #expect(try c.send("pttl", "l") == .integer(-1), "\(note)")
    }

    static func exists(_ c: RedisConnection, _ keys: [String]) throws -> Int64 {
        try c.send(["exists"] + keys).int ?? -1
    }

    static let keys = ["s", "l", "h", "z", "st"]

    /// The target's errors come back whole and the key stays. Run before anything else:
    /// a connection that authenticated once stays cached (Redis's does too), and later
    /// MIGRATEs without AUTH then succeed on it.
    func targetErrors(source: RedisConnection, targetPort: Int, targetPassword: String) throws {
        let port = String(targetPort)
        #expect(try source.send("set", "s", "v") == Self.ok)
        #expect(
            try source.send("migrate", "127.0.0.1", port, "s", "0", "5000")
                == .error("ERR Target instance replied with error: NOAUTH Authentication required."))
        #expect(
            try source.send("migrate", "127.0.0.1", port, "s", "0", "5000", "AUTH", "wrong")
                == .error("ERR Target instance replied with error: WRONGPASS invalid username-password pair or user is disabled."))
        #expect(
            try source.send("migrate", "127.0.0.1", port, "s", "99", "5000", "AUTH", targetPassword)
                == .error("ERR Target instance replied with error: ERR DB index is out of range"))
        #expect(try Self.exists(source, ["s"]) == 1)
        #expect(try source.send("del", "s") == .integer(1))
    }

    /// Moves the keys from `source` to `target` and back, exercising every option on the way.
    func roundTrip(
        source: RedisConnection, sourcePort: Int, sourcePassword: String,
        target: RedisConnection, targetPort: Int, targetPassword: String
    ) throws {
        let port = String(targetPort)
        try Self.fill(source)
        // Nothing to move.
        #expect(try source.send("migrate", "127.0.0.1", port, "missing", "0", "5000") == .simpleString("NOKEY"))
        // COPY with AUTH2 and KEYS into db 3: the keys stay here too.
        #expect(
            try source.send(
                ["migrate", "127.0.0.1", port, "", "3", "5000", "COPY", "AUTH2", "default", targetPassword, "KEYS"]
                    + Self.keys + ["missing"]) == Self.ok)
        #expect(try Self.exists(source, Self.keys) == 5)
        #expect(try target.send("select", "3") == Self.ok)
        try Self.expectFilled(target, "copied to db 3")
        // Again without REPLACE: BUSYKEY, whether COPY or not, and nothing is deleted here.
        #expect(
            try source.send(["migrate", "127.0.0.1", port, "", "3", "5000", "COPY", "AUTH", targetPassword, "KEYS"] + Self.keys)
                == Self.busy)
        #expect(try source.send(["migrate", "127.0.0.1", port, "", "3", "5000", "AUTH", targetPassword, "KEYS"] + Self.keys) == Self.busy)
        #expect(try Self.exists(source, Self.keys) == 5)
        // REPLACE moves them: gone here, there in db 3.
        #expect(try source.send("set", "s", "newer", "px", "100000") == Self.ok)
        #expect(
            try source.send(["migrate", "127.0.0.1", port, "", "3", "5000", "REPLACE", "AUTH", targetPassword, "KEYS"] + Self.keys)
                == Self.ok)
        #expect(try Self.exists(source, Self.keys) == 0)
        #expect(try target.send("get", "s") == .bulk("newer"))

        // And back, one key at a time, into the source's db 0.
        for key in Self.keys {
            #expect(try target.send("migrate", "127.0.0.1", String(sourcePort), key, "0", "5000", "AUTH", sourcePassword) == Self.ok)
        }
        #expect(try Self.exists(target, Self.keys) == 0)
        #expect(try target.send("select", "0") == Self.ok)
        #expect(try source.send("get", "s") == .bulk("newer"))
        #expect(try Self.exists(source, Self.keys) == 5)
        for key in Self.keys { _ = try source.send("del", key) }
    }

    @Test func bothDirectionsWithRedis() throws {
        let ours = try ServerProcess.shakedown(["--save", "", "--requirepass", "ourpw"])
        let reference = try ServerProcess.reference(["--save", "", "--appendonly", "no", "--requirepass", "refpw"])
        defer {
            ours.stop()
            reference.stop()
        }
        let toOurs = try Self.start(ours, password: "ourpw")
        let toReference = try Self.start(reference, password: "refpw")

        try targetErrors(source: toOurs, targetPort: reference.port, targetPassword: "refpw")
        try targetErrors(source: toReference, targetPort: ours.port, targetPassword: "ourpw")
        try roundTrip(
            source: toOurs, sourcePort: ours.port, sourcePassword: "ourpw",
            target: toReference, targetPort: reference.port, targetPassword: "refpw")
        try roundTrip(
            source: toReference, sourcePort: reference.port, sourcePassword: "refpw",
            target: toOurs, targetPort: ours.port, targetPassword: "ourpw")

        // Our connection to the target is cached, as Redis's is.
        let stats = try toOurs.send("info", "stats").string ?? ""
        #expect(stats.contains("migrate_cached_sockets:1"), "\(stats)")
    }

    @Test func ioErrors() throws {
        let ours = try ServerProcess.shakedown()
        let reference = try ReferenceRedis.start(directory: FileManager.default.temporaryDirectory)
        defer {
            ours.stop()
            reference.stop()
        }
        let c = try ours.connect()
        #expect(try c.send("set", "k", "v") == Self.ok)
        // Nobody listens there: Redis reports it at the write (its connect is non-blocking).
        let closed = try FreePort.find()
        #expect(
            try c.send("migrate", "127.0.0.1", String(closed), "k", "0", "1000")
                == .error("IOERR error or timeout writing to target instance"))
        #expect(
            try c.send("migrate", "nonexistent.invalid", "6379", "k", "0", "1000")
                == .error("IOERR error or timeout connecting to the client"))
        // A target that does not answer in time (busy in DEBUG SLEEP).
        let sleeper = try reference.connect()
        #expect(sleeper.sendRaw(Array("*3\r\n$5\r\nDEBUG\r\n$5\r\nSLEEP\r\n$1\r\n2\r\n".utf8)))
        Thread.sleep(forTimeInterval: 0.2)
        #expect(
            try c.send("migrate", "127.0.0.1", String(reference.port), "k", "0", "300")
                == .error("IOERR error or timeout reading to target instance"))
        #expect(try c.send("get", "k") == .bulk("v"))
        #expect(try sleeper.readValue() == Self.ok)
        // The timed-out connection was dropped: the next MIGRATE connects afresh and works
        // (REPLACE: as with Redis, the RESTORE sent before the timeout may have run there).
        #expect(try c.send("migrate", "127.0.0.1", String(reference.port), "k", "0", "5000", "REPLACE") == Self.ok)
        #expect(try reference.connect().send("get", "k") == .bulk("v"))
        #expect(try c.send("exists", "k") == .integer(0))
    }
}
