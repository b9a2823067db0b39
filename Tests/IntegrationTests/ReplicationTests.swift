import Foundation
import RESP
import Testing

/// Replication between real processes: our node as master and as replica, with each other
/// and with redis-server 7.0 (disk-based `$<len>` and diskless `$EOF:` snapshots), partial
/// resynchronisation after a restart and after a promotion, WAIT, read-only replicas.
@Suite(.serialized) struct ReplicationTests {
    // MARK: Helpers

    static func shakedown(_ dir: TemporaryDirectory, _ arguments: [String] = []) throws -> ServerProcess {
        try ServerProcess.shakedown(
            ["--bind", "127.0.0.1", "--save", "", "--dir", dir.url.path, "--enable-debug-command", "yes"] + arguments,
            directory: dir.url)
    }

    static func reference(_ dir: TemporaryDirectory, _ arguments: [String] = []) throws -> ServerProcess {
        try ServerProcess.reference(
            ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.url.path,
             "--enable-debug-command", "yes"] + arguments,
            directory: dir.url)
    }

    static func info(_ c: RedisConnection, _ section: String = "replication") throws -> [String: String] {
        let text = try c.send("INFO", section).string ?? ""
        var fields: [String: String] = [:]
        for line in text.components(separatedBy: "\r\n") where line.contains(":") && !line.hasPrefix("#") {
            let parts = line.split(separator: ":", maxSplits: 1)
            fields[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return fields
    }

    /// Polls `condition` until it holds or `seconds` pass.
    static func eventually(_ what: String, seconds: Double = 15, _ condition: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw ServerProcess.Failure(description: "timed out waiting for \(what)")
    }

    static func waitForLink(_ replica: RedisConnection) throws {
        try eventually("master_link_status:up") { try info(replica)["master_link_status"] == "up" }
    }

    static func offsetsAgree(_ master: RedisConnection, _ replica: RedisConnection) throws {
        try eventually("equal offsets") {
            let m = try info(master)["master_repl_offset"]
            let r = try info(replica)["master_repl_offset"]
            let applied = try info(replica)["slave_repl_offset"]
            return m != nil && m == r && r == applied
        }
    }

    /// Every type, some TTLs, two databases, a big value.
    static func load(_ c: RedisConnection, prefix: String) throws {
        for i in 0..<200 { try c.command("SET", "\(prefix):s\(i)", "value-\(i)") }
        try c.command("RPUSH", "\(prefix):list", "a", "b", "c")
        try c.command("HSET", "\(prefix):hash", "f1", "v1", "f2", "v2")
        try c.command("SADD", "\(prefix):set", "x", "y", "1", "2")
        try c.command("ZADD", "\(prefix):zset", "1", "one", "2.5", "two")
        try c.command("SET", "\(prefix):ttl", "t", "EX", "1000")
        try c.command("SET", "\(prefix):big", String(repeating: "B", count: 100_000))
        try c.command("SELECT", "5")
        try c.command("SET", "\(prefix):in5", "five")
        try c.command("SELECT", "0")
    }

    static func digest(_ c: RedisConnection) throws -> RESPValue { try c.send("DEBUG", "DIGEST") }

    static func sameData(_ master: RedisConnection, _ replica: RedisConnection) throws {
        try eventually("same DEBUG DIGEST") { try digest(master) == digest(replica) }
    }

    // MARK: Our master, our replica

    @Test func ourMasterAndOurReplica() throws {
        let masterDir = try TemporaryDirectory("repl-m")
        let replicaDir = try TemporaryDirectory("repl-r")
        let master = try Self.shakedown(masterDir)
        defer { master.stop() }
        let m = try master.connect()
        try Self.load(m, prefix: "before")
        var replica = try Self.shakedown(replicaDir, ["--replicaof", "127.0.0.1", String(master.port)])
        defer { replica.stop() }
        var r = try replica.connect()
        try Self.waitForLink(r)
        try Self.load(m, prefix: "after")
        #expect(try m.send("WAIT", "1", "15000") == .integer(1))
        #expect(try r.send("GET", "after:s7") == .bulk("value-7"))
        try r.command("SELECT", "5")
        #expect(try r.send("GET", "before:in5") == .bulk("five"))
        #expect(try r.send("GET", "after:in5") == .bulk("five"))
        try Self.sameData(m, r)
        try Self.offsetsAgree(m, r)
        let masterInfo = try Self.info(m)
        #expect(masterInfo["connected_slaves"] == "1")
        #expect(masterInfo["slave0"]?.contains("state=online") == true)
        #expect(masterInfo["slave0"]?.contains("port=\(replica.port)") == true)
        #expect(try Self.info(m, "stats")["sync_full"] == "1")
        #expect(try m.send("ROLE").elements?.first == .bulk("master"))
        let role: [RESPValue] = try r.send("ROLE").elements ?? []
        let expectedRole: [RESPValue] = [.bulk("slave"), .bulk("127.0.0.1"), .integer(Int64(master.port)), .bulk("connected")]
        #expect(Array(role.prefix(4)) == expectedRole)

        // The replica is read-only, with Redis's words.
        #expect(try r.send("SET", "x", "y") == .error("READONLY You can't write against a read only replica."))

        // Kill the replica, write on, restart it: it resumes from the snapshot it kept.
        replica.stop()
        try m.command("SET", "while-down", "1")
        try m.command("DEL", "after:s0")
        replica = try Self.shakedown(replicaDir, ["--replicaof", "127.0.0.1", String(master.port)])
        r = try replica.connect()
        try Self.waitForLink(r)
        #expect(try m.send("WAIT", "1", "15000") == .integer(1))
        #expect(try r.send("GET", "while-down") == .bulk("1"))
        #expect(try r.send("EXISTS", "after:s0") == .integer(0))
        try Self.sameData(m, r)
        let stats = try Self.info(m, "stats")
        #expect(stats["sync_partial_ok"] == "1", "\(stats)")
        #expect(stats["sync_full"] == "1")
        #expect(replica.output.contains("Successful partial resynchronization with master."))
        #expect(master.output.contains("Partial resynchronization request from 127.0.0.1:\(replica.port) accepted"))
    }

    /// After a promotion the other replicas (and the old master) resume with the new master
    /// through its previous replication id, without a new snapshot.
    @Test func promotionKeepsTheOthersPartial() throws {
        let dirs = try (0..<3).map { try TemporaryDirectory("repl-p\($0)") }
        let master = try Self.shakedown(dirs[0])
        defer { master.stop() }
        let m = try master.connect()
        try Self.load(m, prefix: "p")
        let one = try Self.shakedown(dirs[1], ["--replicaof", "127.0.0.1", String(master.port)])
        defer { one.stop() }
        let two = try Self.shakedown(dirs[2], ["--replicaof", "127.0.0.1", String(master.port)])
        defer { two.stop() }
        let c1 = try one.connect()
        let c2 = try two.connect()
        try Self.waitForLink(c1)
        try Self.waitForLink(c2)
        #expect(try m.send("WAIT", "2", "15000") == .integer(2))
        try Self.offsetsAgree(m, c1)
        try Self.offsetsAgree(m, c2)
        let oldID = try Self.info(m)["master_replid"]

        #expect(try c1.send("REPLICAOF", "NO", "ONE") == .simpleString("OK"))
        let promoted = try Self.info(c1)
        #expect(promoted["role"] == "master")
        #expect(promoted["master_replid2"] == oldID)
        #expect(try c1.send("SET", "new-master", "yes") == .simpleString("OK"))
        #expect(try c2.send("REPLICAOF", "127.0.0.1", String(one.port)) == .simpleString("OK"))
        #expect(try m.send("REPLICAOF", "127.0.0.1", String(one.port)) == .simpleString("OK"))
        try Self.waitForLink(c2)
        try Self.waitForLink(m)
        #expect(try c1.send("WAIT", "2", "15000") == .integer(2))
        #expect(try c2.send("GET", "new-master") == .bulk("yes"))
        #expect(try m.send("GET", "new-master") == .bulk("yes"))
        try Self.sameData(c1, c2)
        try Self.sameData(c1, m)
        let stats = try Self.info(c1, "stats")
        #expect(stats["sync_partial_ok"] == "2", "\(stats)")
        #expect(stats["sync_full"] == "0")
    }

    /// A broken link resumes with PSYNC from the cached master, against our master and
    /// against redis-server's.
    @Test(arguments: [false, true])
    func brokenLinkResumesPartially(redisMaster: Bool) throws {
        let masterDir = try TemporaryDirectory("repl-lm")
        let replicaDir = try TemporaryDirectory("repl-lr")
        let master = try redisMaster ? Self.reference(masterDir, ["--repl-diskless-sync-delay", "0"]) : Self.shakedown(masterDir)
        defer { master.stop() }
        let m = try master.connect()
        try Self.load(m, prefix: "x")
        let replica = try Self.shakedown(replicaDir, ["--replicaof", "127.0.0.1", String(master.port)])
        defer { replica.stop() }
        let r = try replica.connect()
        try Self.waitForLink(r)
        #expect(try m.send("WAIT", "1", "15000") == .integer(1))
        // Drop the replica's connection from the master's side.
        let clients = try m.send("CLIENT", "LIST").string ?? ""
        let line = try #require(clients.split(separator: "\n").first { $0.contains("flags=S") })
        let id = try #require(line.split(separator: " ").first { $0.hasPrefix("id=") }).dropFirst(3)
        #expect(try m.send("CLIENT", "KILL", "ID", String(id)) == .integer(1))
        try m.command("SET", "after-break", "1")
        try Self.eventually("the replica to resume") { try Self.info(m, "stats")["sync_partial_ok"] == "1" }
        try Self.waitForLink(r)
        #expect(try m.send("WAIT", "1", "15000") == .integer(1))
        #expect(try r.send("GET", "after-break") == .bulk("1"))
        try Self.sameData(m, r)
        try Self.offsetsAgree(m, r)
        #expect(try Self.info(m, "stats")["sync_full"] == "1")
        #expect(replica.output.contains("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization."))
    }

    // MARK: redis-server as replica of our master

    @Test func redisReplicaOfOurMaster() throws {
        let masterDir = try TemporaryDirectory("repl-m")
        let replicaDir = try TemporaryDirectory("repl-rr")
        let master = try Self.shakedown(masterDir)
        defer { master.stop() }
        let m = try master.connect()
        try Self.load(m, prefix: "before")
        let replica = try Self.reference(replicaDir, ["--replicaof", "127.0.0.1", String(master.port)])
        defer { replica.stop() }
        let r = try replica.connect()
        try Self.waitForLink(r)
        try Self.sameData(m, r)
        try Self.load(m, prefix: "after")
        try m.command("HINCRBY", "after:hash", "n", "5")
        try m.command("EXPIRE", "after:s1", "500")
        try m.command("MULTI")
        try m.command("INCR", "counter")
        try m.command("LPUSH", "after:list", "z")
        try m.command("EXEC")
        #expect(try m.send("WAIT", "1", "15000") == .integer(1))
        #expect(try r.send("HGET", "after:hash", "n") == .bulk("5"))
        #expect(try r.send("GET", "counter") == .bulk("1"))
        try Self.sameData(m, r)
        try Self.offsetsAgree(m, r)
        #expect(try Self.info(m)["slave0"]?.contains("state=online") == true)
        #expect(replica.output.contains("MASTER <-> REPLICA sync: Finished with success"))
    }

    // MARK: Our replica of redis-server

    @Test(arguments: [true, false])
    func ourReplicaOfRedis(diskless: Bool) throws {
        let masterDir = try TemporaryDirectory("repl-rm")
        let replicaDir = try TemporaryDirectory("repl-r")
        let master = try Self.reference(
            masterDir, ["--repl-diskless-sync", diskless ? "yes" : "no", "--repl-diskless-sync-delay", "0"])
        defer { master.stop() }
        let m = try master.connect()
        try Self.load(m, prefix: "before")
        let replica = try Self.shakedown(replicaDir, ["--replicaof", "127.0.0.1", String(master.port)])
        defer { replica.stop() }
        let r = try replica.connect()
        try Self.waitForLink(r)
        #expect(
            replica.output.contains(
                diskless
                    ? "receiving streamed RDB from master with EOF" : "MASTER <-> REPLICA sync: receiving"),
            "\(replica.output)")
        try Self.sameData(m, r)
        try Self.load(m, prefix: "after")
        try m.command("ZINCRBY", "after:zset", "10", "one")
        try m.command("SET", "short", "lived", "PX", "300")
        #expect(try m.send("WAIT", "1", "15000") == .integer(1))
        try Self.sameData(m, r)
        try Self.offsetsAgree(m, r)
        #expect(try r.send("SET", "x", "y") == .error("READONLY You can't write against a read only replica."))
        // The master expires the key and sends DEL; the replica never deletes on its own.
        try Self.eventually("expiry reaches the replica") { try r.send("EXISTS", "short") == .integer(0) }
        try Self.sameData(m, r)

        // Promotion: writable, and its history continues the master's.
        let masterID = try Self.info(m)["master_replid"]
        #expect(try r.send("REPLICAOF", "NO", "ONE") == .simpleString("OK"))
        let promoted = try Self.info(r)
        #expect(promoted["role"] == "master")
        #expect(promoted["master_replid2"] == masterID)
        #expect(try r.send("SET", "x", "y") == .simpleString("OK"))
    }

    /// redis-server following our replica (a chain): the stream our replica applies is
    /// passed on unchanged.
    @Test func chainedReplication() throws {
        let dirs = try (0..<3).map { try TemporaryDirectory("repl-c\($0)") }
        let master = try Self.shakedown(dirs[0])
        defer { master.stop() }
        let middle = try Self.shakedown(dirs[1], ["--replicaof", "127.0.0.1", String(master.port)])
        defer { middle.stop() }
        let m = try master.connect()
        let mid = try middle.connect()
        try Self.waitForLink(mid)
        let tail = try Self.reference(dirs[2], ["--replicaof", "127.0.0.1", String(middle.port)])
        defer { tail.stop() }
        let t = try tail.connect()
        try Self.waitForLink(t)
        try Self.load(m, prefix: "chain")
        try Self.sameData(m, t)
        try Self.offsetsAgree(m, mid)
        try Self.eventually("offsets along the chain") {
            try Self.info(t)["master_repl_offset"] == Self.info(m)["master_repl_offset"]
        }
    }

    /// A master with `requirepass`: replicas authenticate with `masterauth` (ours and Redis's).
    @Test func authenticatedMaster() throws {
        let dirs = try (0..<3).map { try TemporaryDirectory("repl-a\($0)") }
        let master = try Self.shakedown(dirs[0], ["--requirepass", "s3cret"])
        defer { master.stop() }
        let m = try master.connect()
        #expect(try m.send("AUTH", "s3cret") == .simpleString("OK"))
        try m.command("SET", "k", "v")
        let ours = try Self.shakedown(dirs[1], ["--replicaof", "127.0.0.1", String(master.port), "--masterauth", "s3cret"])
        defer { ours.stop() }
        let theirs = try Self.reference(dirs[2], ["--replicaof", "127.0.0.1", String(master.port), "--masterauth", "s3cret"])
        defer { theirs.stop() }
        let o = try ours.connect()
        let t = try theirs.connect()
        try Self.waitForLink(o)
        try Self.waitForLink(t)
        #expect(try m.send("WAIT", "2", "15000") == .integer(2))
        #expect(try o.send("GET", "k") == .bulk("v"))
        #expect(try t.send("GET", "k") == .bulk("v"))
    }

    /// The pre-PSYNC protocol (`SYNC`, as redis-cli --replica speaks it): no +FULLRESYNC, the
    /// snapshot as `$<len>` with no CRLF after it, then the stream.
    @Test func legacySync() throws {
        let dir = try TemporaryDirectory("repl-s")
        let master = try Self.shakedown(dir)
        defer { master.stop() }
        let m = try master.connect()
        try m.command("SET", "k", "v")
        let replica = try master.connect()
        #expect(replica.sendRaw(Array("SYNC\r\n".utf8)))
        var received: [UInt8] = []
        func readMore() throws {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { read(replica.fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw ServerProcess.Failure(description: "connection closed") }
            received += chunk[0..<n]
        }
        // Keepalive newlines may come first.
        func header() -> (length: Int, end: Int)? {
            guard let dollar = received.firstIndex(of: UInt8(ascii: "$")), let lf = received[dollar...].firstIndex(of: 10)
            else { return nil }
            guard received[..<dollar].allSatisfy({ $0 == 10 }) else { return (-1, 0) }
            return (Int(String(decoding: received[(dollar + 1)..<(lf - 1)], as: UTF8.self)) ?? -1, lf + 1)
        }
        while header() == nil { try readMore() }
        let (length, start) = try #require(header())
        #expect(length > 0)
        while received.count < start + length { try readMore() }
        #expect(Array(received[start..<(start + 9)]) == Array("REDIS0010".utf8))
        try m.command("SET", "after", "1")
        let expected = Array("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$5\r\nafter\r\n$1\r\n1\r\n".utf8)
        // The master's keepalive PINGs may come anywhere in the stream.
        func stream() -> String {
            String(decoding: received[(start + length)...], as: UTF8.self).replacingOccurrences(of: "*1\r\n$4\r\nPING\r\n", with: "")
        }
        while stream().utf8.count < expected.count { try readMore() }
        #expect(Array(stream().utf8) == expected)
    }

    /// A replica arriving while a snapshot for another is being written shares it (one fork),
    /// with the same offset and the same stream after it.
    @Test func replicasShareOneSnapshot() throws {
        let dir = try TemporaryDirectory("repl-share")
        let master = try Self.shakedown(dir)
        defer { master.stop() }
        let m = try master.connect()
        try m.command("DEBUG", "POPULATE", "20000")
        let forksBefore = try Self.info(m, "stats")["total_forks"]
        let a = try RawReplica(master.connect())
        let b = try RawReplica(master.connect())
        #expect(a.connection.sendRaw(Array("PSYNC ? -1\r\n".utf8)))
        let first = try a.line()
        #expect(first.hasPrefix("+FULLRESYNC "))
        try m.command("SET", "during", "1")
        #expect(b.connection.sendRaw(Array("PSYNC ? -1\r\n".utf8)))
        #expect(try b.line() == first, "same history, same offset")
        let snapshotA = try a.payload()
        let snapshotB = try b.payload()
        #expect(snapshotA == snapshotB)
        #expect(Array(snapshotA.prefix(9)) == Array("REDIS0010".utf8))
        let write = "*3\r\n$3\r\nSET\r\n$6\r\nduring\r\n$1\r\n1\r\n"
        try a.streamContains(write)
        try b.streamContains(write)
        let stats = try Self.info(m, "stats")
        #expect(Int(stats["total_forks"] ?? "") == Int(forksBefore ?? "")! + 1, "\(stats)")
        #expect(stats["sync_full"] == "2")
        #expect(master.output.contains("Waiting for end of BGSAVE for SYNC"))
    }
}

/// A hand-driven replica connection: reads the master's replies, snapshot and stream.
final class RawReplica {
    let connection: RedisConnection
    private var received: [UInt8] = []

    init(_ connection: RedisConnection) throws {
        self.connection = connection
    }

    private func readMore() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { read(connection.fd, $0.baseAddress, $0.count) }
        guard n > 0 else { throw ServerProcess.Failure(description: "connection closed") }
        received += chunk[0..<n]
    }

    /// The next non-empty line (empty lines are the master's keepalives).
    func line() throws -> String {
        while true {
            while !received.contains(10) { try readMore() }
            let lf = received.firstIndex(of: 10)!
            var text = Array(received[..<lf])
            received.removeFirst(lf + 1)
            if text.last == 13 { text.removeLast() }
            if !text.isEmpty { return String(decoding: text, as: UTF8.self) }
        }
    }

    /// `$<len>\r\n` and that many bytes.
    func payload() throws -> [UInt8] {
        let header = try line()
        guard header.hasPrefix("$"), let length = Int(header.dropFirst()) else {
            throw ServerProcess.Failure(description: "bad bulk header \(header)")
        }
        while received.count < length { try readMore() }
        let out = Array(received[..<length])
        received.removeFirst(length)
        return out
    }

    func streamContains(_ text: String) throws {
        while !String(decoding: received, as: UTF8.self).contains(text) { try readMore() }
    }
}
