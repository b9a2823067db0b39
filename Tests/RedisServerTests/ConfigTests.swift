import Foundation
import RESP
import Testing

@testable import RedisServer

@Suite struct ConfigTests {
    @Test func fileGrammarAsRedis() throws {
        let config = ServerConfig()
        try ConfigLoader.apply(
            """
            # a comment
            port 7001
              bind 127.0.0.1 -::1
            save 900 1 300 10
            requirepass "with space"
            appendonly yes
            hash-max-ziplist-entries 7
            maxmemory 1gb
            """, to: config)
        #expect(config.port == 7001)
        #expect(config.bind == ["127.0.0.1", "-::1"])
        #expect(config.savePoints == [.init(seconds: 900, changes: 1), .init(seconds: 300, changes: 10)])
        #expect(config.requirePass == Bytes("with space"))
        #expect(config.appendOnly)
        #expect(config.encoding.hashMaxListpackEntries == 7)
        #expect(config.inert["maxmemory"] == "1gb")
    }

    @Test func errorsNameTheLine() {
        func failure(_ text: String) -> String? {
            do {
                try ConfigLoader.apply(text, to: ServerConfig())
                return nil
            } catch {
                return error.description
            }
        }
        let bad = failure("port 1\nno-such-directive yes\n")
        #expect(bad?.contains("Reading the configuration file, at line 2") == true)
        #expect(bad?.contains(">>> 'no-such-directive yes'") == true)
        #expect(bad?.contains("Bad directive or wrong number of arguments") == true)
        #expect(failure("appendonly maybe")?.contains("argument must be 'yes' or 'no'") == true)
        #expect(failure("port 70000")?.contains("argument must be between 0 and 65535 inclusive") == true)
        #expect(failure("port 1 2")?.contains("wrong number of arguments") == true)
        #expect(failure("save 10")?.contains("Invalid save parameters") == true)
        #expect(failure("dbfilename a/b.rdb")?.contains("dbfilename can't be a path, just a filename") == true)
        #expect(failure("requirepass \"open")?.contains("Unbalanced quotes in configuration line") == true)
        #expect(failure("appendfsync sometimes")?.contains("argument(s) must be one of the following: always, everysec, no") == true)
    }

    @Test func commandLineLikeRedisServer() {
        let a = ConfigLoader.parseCommandLine(["/etc/redis.conf", "--port", "7000", "--save", "--appendonly", "yes"])
        #expect(a.configFile == "/etc/redis.conf")
        #expect(a.options == "port \"7000\" \nsave \"\"\nappendonly \"yes\" ")
        let b = ConfigLoader.parseCommandLine(["--save", ""])
        #expect(b.configFile == nil)
        let config = ServerConfig()
        #expect(throws: Never.self) { try ConfigLoader.apply(b.options, to: config) }
        #expect(config.savePoints.isEmpty)
        let c = ConfigLoader.parseCommandLine(["--bind", "127.0.0.1", "::1", "--port", "1"])
        let cc = ServerConfig()
        #expect(throws: Never.self) { try ConfigLoader.apply(c.options, to: cc) }
        #expect(cc.bind == ["127.0.0.1", "::1"])
    }

    @Test func memoryUnits() {
        #expect(ConfigValues.memory("1k") == 1000)
        #expect(ConfigValues.memory("1kb") == 1024)
        #expect(ConfigValues.memory("2GB") == 2 * 1024 * 1024 * 1024)
        #expect(ConfigValues.memory("12") == 12)
        #expect(ConfigValues.memory("x") == nil)
    }

    @Test func configGetSetOverTheWire() {
        let t = TestNode()
        #expect(t.run("CONFIG", "GET", "maxmemory*") == .array([.bulk("maxmemory"), .bulk("0"), .bulk("maxmemory-clients"), .bulk("0"), .bulk("maxmemory-eviction-tenacity"), .bulk("10"), .bulk("maxmemory-policy"), .bulk("noeviction"), .bulk("maxmemory-samples"), .bulk("5")]))
        #expect(t.run("CONFIG", "SET", "hash-max-listpack-entries", "3", "zset-max-listpack-entries", "9") == .simpleString("OK"))
        #expect(t.run("CONFIG", "GET", "hash-max-ziplist-entries") == .array([.bulk("hash-max-ziplist-entries"), .bulk("3")]))
        // All or nothing: the bad second value leaves the first unchanged.
        #expect(t.run("CONFIG", "SET", "hz", "50", "appendfsync", "bad").errorMessage?.hasPrefix("ERR CONFIG SET failed (possibly related to argument 'appendfsync')") == true)
        #expect(t.run("CONFIG", "GET", "hz") == .array([.bulk("hz"), .bulk("10")]))
        #expect(t.run("CONFIG", "SET", "nope", "1") == .error("ERR Unknown option or number of arguments for CONFIG SET - 'nope'"))
        #expect(t.run("CONFIG", "SET", "port", "1") == .error("ERR CONFIG SET failed (possibly related to argument 'port') - can't set immutable config"))
        #expect(t.run("CONFIG", "SET", "save", "100 2") == .simpleString("OK"))
        #expect(t.run("CONFIG", "GET", "save") == .array([.bulk("save"), .bulk("100 2")]))
        #expect(t.run("CONFIG", "REWRITE") == .error("ERR The server is running without a config file"))
    }

    @Test func rewriteKeepsCommentsAndUpdatesValues() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("redis.conf").path
        try "# my config\nport 7001\nhz 10\nhz 11\n".write(toFile: file, atomically: true, encoding: .utf8)
        let config = ServerConfig()
        try ConfigLoader.load(.init(configFile: file), into: config)
        config.hz = 42
        config.appendOnly = true
        try ConfigRewriter.rewrite(path: file, config: config)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.hasPrefix("# my config\nport 7001\nhz 42\n"))
        #expect(!text.contains("hz 11"))
        #expect(text.contains("# Generated by CONFIG REWRITE\n"))
        #expect(text.contains("appendonly yes\n"))
        let reloaded = ServerConfig()
        try ConfigLoader.load(.init(configFile: file), into: reloaded)
        #expect(reloaded.hz == 42 && reloaded.appendOnly && reloaded.port == 7001)
    }
}
