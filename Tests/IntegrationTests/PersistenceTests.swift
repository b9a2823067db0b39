import Foundation
import RESP
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// RDB and AOF as a user meets them: restarts, shutdowns, crashes, damaged files, and the
/// reference redis-server reading what we write (and the other way round).
@Suite(.serialized) struct PersistenceTests {
    func node(_ dir: TemporaryDirectory, _ arguments: [String]) throws -> ServerProcess {
        try ServerProcess.shakedown(["--dir", dir.url.path, "--enable-debug-command", "yes"] + arguments)
    }

    func info(_ c: RedisConnection, _ field: String) throws -> String? {
        guard let text = try c.send("INFO", "persistence").string else { return nil }
        for line in text.split(separator: "\r\n") where line.hasPrefix(field + ":") {
            return String(line.dropFirst(field.count + 1))
        }
        return nil
    }

    @Test func sigtermSavesWhenSavePointsAreConfiguredAndRestartLoads() throws {
        let dir = try TemporaryDirectory("persist")
        let first = try node(dir, ["--save", "3600 1"])
        let c = try first.connect()
        #expect(try c.send("SET", "k", "v") == .simpleString("OK"))
        #expect(try c.send("RPUSH", "l", "a", "b") == .integer(2))
        #expect(first.terminate() == 0)
        #expect(first.logs("Saving the final RDB snapshot before exiting."), "\(first.output)")
        #expect(FileManager.default.fileExists(atPath: dir.path("dump.rdb")))
        // The seed's first pitfall: an existing RDB is loaded whatever `save` says.
        let second = try node(dir, ["--save", ""])
        defer { second.stop() }
        let d = try second.connect()
        #expect(try d.send("GET", "k") == .bulk("v"))
        #expect(try d.send("LRANGE", "l", "0", "-1") == .array([.bulk("a"), .bulk("b")]))
        #expect(try ExternalTool.run("redis-check-rdb", [dir.path("dump.rdb")]).status == 0)
    }

    @Test func savePointTriggersBackgroundSave() throws {
        let dir = try TemporaryDirectory("persist")
        let n = try node(dir, ["--save", "1 2"])
        defer { n.stop() }
        let c = try n.connect()
        _ = try c.send("SET", "a", "1")
        _ = try c.send("SET", "b", "2")
        var saved = false
        let deadline = Date().addingTimeInterval(30)  // generous: it ends as soon as the save does
        while !saved, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            saved = n.output.contains("Background saving terminated with success")
        }
        #expect(saved, "\(n.output)")
        #expect(n.logs("2 changes in 1 seconds. Saving..."), "\(n.output)")
        #expect(try info(c, "rdb_changes_since_last_save") == "0")
        #expect(try ExternalTool.run("redis-check-rdb", [dir.path("dump.rdb")]).status == 0)
    }

    @Test func noSaveOnShutdownWithoutSavePoints() throws {
        let dir = try TemporaryDirectory("persist")
        let n = try node(dir, ["--save", ""])
        #expect(try n.connect().send("SET", "k", "v") == .simpleString("OK"))
        #expect(n.terminate() == 0)
        #expect(!FileManager.default.fileExists(atPath: dir.path("dump.rdb")))
        // SHUTDOWN SAVE forces it.
        let again = try node(dir, ["--save", ""])
        let c = try again.connect()
        _ = try c.send("SET", "k", "v")
        _ = try? c.send("SHUTDOWN", "SAVE")
        #expect(again.waitForExit() == 0)
        #expect(FileManager.default.fileExists(atPath: dir.path("dump.rdb")))
    }

    @Test func bgsaveForksAndReports() throws {
        let dir = try TemporaryDirectory("persist")
        let n = try node(dir, ["--save", ""])
        defer { n.stop() }
        let c = try n.connect()
        _ = try c.send("DEBUG", "POPULATE", "10000")
        #expect(try c.send("BGSAVE") == .simpleString("Background saving started"))
        var done = false
        for _ in 0..<200 where !done {
            Thread.sleep(forTimeInterval: 0.05)
            done = try info(c, "rdb_bgsave_in_progress") == "0"
        }
        #expect(done)
        #expect(try info(c, "rdb_last_bgsave_status") == "ok")
        #expect(try info(c, "rdb_changes_since_last_save") == "0")
        #expect(n.logs("Background saving terminated with success"), "\(n.output)")
        let check = try ExternalTool.run("redis-check-rdb", [dir.path("dump.rdb")])
        #expect(check.status == 0 && check.output.contains("10000 keys read"))
        // DEBUG RELOAD: through the disk and back, same digest.
        let digest = try c.send("DEBUG", "DIGEST")
        #expect(try c.send("DEBUG", "RELOAD") == .simpleString("OK"))
        #expect(try c.send("DEBUG", "DIGEST") == digest)
        #expect(try c.send("DBSIZE") == .integer(10000))
    }

    @Test func corruptRDBStopsStartupNamingFileAndOffset() throws {
        let dir = try TemporaryDirectory("persist")
        var bytes = try Data(contentsOf: PackagePaths.root.appendingPathComponent("Fixtures/rdb/types.rdb"))
        bytes[200] ^= 0xff
        try bytes.write(to: dir.url.appendingPathComponent("dump.rdb"))
        let (status, output) = try ServerProcess.runExpectingExit(
            ServerProcess.shakedownBinary, ["--port", "0", "--dir", dir.url.path])
        #expect(status == 1)
        #expect(output.contains("Bad RDB file 'dump.rdb'"), "\(output)")
        #expect(output.contains("offset"), "\(output)")
    }

    /// An AOF made by the node, then damaged in different ways.
    func makeAOF(_ dir: TemporaryDirectory) throws -> String {
        let n = try node(dir, ["--save", "", "--appendonly", "yes"])
        let c = try n.connect()
        for i in 0..<10 { _ = try c.send("RPUSH", "list", "item\(i)") }
        #expect(n.terminate() == 0)
        return dir.path("appendonlydir/appendonly.aof.1.incr.aof")
    }

    @Test func truncatedAOFIsCutWhenAllowedAndRefusedOtherwise() throws {
        let dir = try TemporaryDirectory("persist")
        let incr = try makeAOF(dir)
        let good = try Data(contentsOf: URL(fileURLWithPath: incr))
        try (good + Data("*3\r\n$5\r\nRPUSH\r\n$4\r\nli".utf8)).write(to: URL(fileURLWithPath: incr))
        let refused = try ServerProcess.runExpectingExit(
            ServerProcess.shakedownBinary,
            ["--port", "0", "--dir", dir.url.path, "--appendonly", "yes", "--aof-load-truncated", "no"])
        #expect(refused.status == 1)
        #expect(refused.output.contains("Unexpected end of file reading the append only file appendonly.aof.1.incr.aof at offset \(good.count)"), "\(refused.output)")
        let n = try node(dir, ["--save", "", "--appendonly", "yes"])
        defer { n.stop() }
        #expect(n.logs("!!! Truncating the AOF appendonly.aof.1.incr.aof at offset \(good.count) !!!"), "\(n.output)")
        #expect(try n.connect().send("LLEN", "list") == .integer(10))
        #expect(try Data(contentsOf: URL(fileURLWithPath: incr)).count >= good.count)
    }

    /// A file cut right after a complete line (`*3\r\n`) is still a short read.
    @Test func aofCutAfterAHeaderLineIsAShortRead() throws {
        let dir = try TemporaryDirectory("persist")
        let incr = try makeAOF(dir)
        let good = try Data(contentsOf: URL(fileURLWithPath: incr))
        for tail in ["*3\r\n", "*3\r\n$5\r\nRPUSH\r\n$4\r\n"] {
            try (good + Data(tail.utf8)).write(to: URL(fileURLWithPath: incr))
            let refused = try ServerProcess.runExpectingExit(
                ServerProcess.shakedownBinary,
                ["--port", "0", "--dir", dir.url.path, "--appendonly", "yes", "--aof-load-truncated", "no"])
            #expect(refused.status == 1, "tail \(tail.debugDescription): \(refused.output)")
            #expect(refused.output.contains("at offset \(good.count)"), "\(refused.output)")
        }
        let n = try node(dir, ["--save", "", "--appendonly", "yes"])
        let c = try n.connect()
        #expect(try c.send("LLEN", "list") == .integer(10))
        // After the cut, new writes land after the last complete command and reload cleanly.
        _ = try c.send("RPUSH", "list", "after")
        #expect(n.terminate() == 0)
        let again = try node(dir, ["--save", "", "--appendonly", "yes"])
        defer { again.stop() }
        #expect(try again.connect().send("LLEN", "list") == .integer(11))
    }

    /// CONFIG SET appendonly yes while a BGSAVE runs: the first rewrite waits for it, and no
    /// write is counted twice (in the base and in the incremental file) or lost.
    @Test func switchingAOFOnAtRunTimeKeepsEveryWriteOnce() throws {
        let dir = try TemporaryDirectory("persist")
        let n = try node(dir, ["--save", ""])
        let c = try n.connect()
        _ = try c.send("DEBUG", "POPULATE", "200000")
        _ = try c.send("INCR", "c")
        #expect(try c.send("BGSAVE") == .simpleString("Background saving started"))
        #expect(try c.send("CONFIG", "SET", "appendonly", "yes") == .simpleString("OK"))
        _ = try c.send("INCR", "c")
        var ready = false
        let deadline = Date().addingTimeInterval(90)  // generous: it ends as soon as the rewrite does
        while !ready, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            ready = try info(c, "aof_rewrite_in_progress") == "0" && info(c, "aof_rewrite_scheduled") == "0"
                && n.output.contains("Background AOF rewrite finished successfully")
        }
        #expect(ready, "\(n.output)")
        _ = try c.send("INCR", "c")
        #expect(try c.send("GET", "c") == .bulk("3"))
        #expect(n.terminate() == 0)
        let again = try node(dir, ["--save", "", "--appendonly", "yes"])
        defer { again.stop() }
        let d = try again.connect()
        #expect(try d.send("GET", "c") == .bulk("3"))
        #expect(try d.send("DBSIZE") == .integer(200001))
    }

    @Test func garbageInAOFStopsStartupNamingFileAndOffset() throws {
        let dir = try TemporaryDirectory("persist")
        let incr = try makeAOF(dir)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: incr))
        let offset = bytes.count / 2
        let star = bytes[offset...].firstIndex(of: UInt8(ascii: "*"))!
        bytes[star] = UInt8(ascii: "?")
        try bytes.write(to: URL(fileURLWithPath: incr))
        let (status, output) = try ServerProcess.runExpectingExit(
            ServerProcess.shakedownBinary, ["--port", "0", "--dir", dir.url.path, "--appendonly", "yes"])
        #expect(status == 1)
        #expect(output.contains("Bad file format reading the append only file appendonly.aof.1.incr.aof at offset \(star)"), "\(output)")
    }

    /// `appendfsync always`: a write is on disk before its reply, so SIGKILL at any moment
    /// loses nothing that was acknowledged.
    @Test func aofAlwaysLosesNoAcknowledgedWriteOnKill9() throws {
        let dir = try TemporaryDirectory("persist")
        let n = try node(dir, ["--save", "", "--appendonly", "yes", "--appendfsync", "always"])
        let writer = try n.connect()
        var acknowledged: Int64 = 0
        var pushed = 0
        // A count of writes, not a time window: fsync on a loaded machine can be slow.
        let deadline = Date().addingTimeInterval(60)
        while acknowledged < 100, Date() < deadline {
            if case .integer(let v) = try writer.send("INCR", "counter") { acknowledged = v }
            if case .integer(let len) = try writer.send("RPUSH", "log", "entry-\(pushed)") { pushed = Int(len) }
        }
        n.stop()  // SIGKILL
        #expect(acknowledged >= 100, "the writer should have done real work")
        let restarted = try node(dir, ["--save", "", "--appendonly", "yes"])
        defer { restarted.stop() }
        let c = try restarted.connect()
        guard case .bulkString(let raw?) = try c.send("GET", "counter"), let value = Int64(String(decoding: raw, as: UTF8.self))
        else {
            Issue.record("counter missing after restart")
            return
        }
        #expect(value >= acknowledged)
        #expect(try c.send("LLEN", "log").int.map { $0 >= pushed } == true)
        #expect(try c.send("LINDEX", "log", String(pushed - 1)) == .bulk("entry-\(pushed - 1)"))
    }

    /// Our AOF directory loads into redis-server with the same DEBUG DIGEST, and after
    /// redis-server adds to it (and rewrites it), ours loads it back.
    @Test func aofDirectoryInteroperatesWithRedisServer() throws {
        let dir = try TemporaryDirectory("persist")
        let ours = try node(dir, ["--save", "", "--appendonly", "yes"])
        let c = try ours.connect()
        _ = try c.send("SET", "s", "v")
        _ = try c.send("SET", "ttl", "v", "EX", "1000")
        _ = try c.send("HSET", "h", "a", "1", "b", "2")
        _ = try c.send("ZADD", "z", "1.5", "x", "2", "y")
        _ = try c.send("SADD", "set", "1", "2", "three")
        _ = try c.send("MULTI")
        _ = try c.send("INCR", "n")
        _ = try c.send("LPUSH", "l", "a", "b")
        _ = try c.send("EXEC")
        _ = try c.send("SELECT", "3")
        _ = try c.send("SET", "in3", "x")
        let digest = try c.send("DEBUG", "DIGEST")
        #expect(ours.terminate() == 0)
        let reference = try ServerProcess.reference(
            ["--dir", dir.url.path, "--appendonly", "yes", "--save", "", "--enable-debug-command", "yes"])
        let r = try reference.connect()
        #expect(try r.send("DEBUG", "DIGEST") == digest)
        _ = try r.send("SET", "from-redis", "1")
        _ = try r.send("BGREWRITEAOF")
        Thread.sleep(forTimeInterval: 1)
        _ = try r.send("RPUSH", "l", "c")
        let after = try r.send("DEBUG", "DIGEST")
        _ = try? r.send("SHUTDOWN")
        #expect(reference.waitForExit() == 0)
        let back = try node(dir, ["--save", "", "--appendonly", "yes"])
        defer { back.stop() }
        #expect(try back.connect().send("DEBUG", "DIGEST") == after)
    }
}
