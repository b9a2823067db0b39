import Capture
import NIOCore
import NIOPosix
import RESP
import Testing

/// RESP replay against a real redis-server.
@Suite(.serialized) struct RESPReplayTests {
    static func options(_ port: Int, ordering: ReplayOrdering = .capture, ignore: [String] = []) -> ReplayOptions {
        ReplayOptions(
            target: ReplayAddress(host: "127.0.0.1", port: port), speed: .max, compare: true, ignore: ignore, replyTimeoutSeconds: 5,
            ordering: ordering)
    }

    static func replay(_ script: ConversationScript, _ options: ReplayOptions) throws -> ReplayReport {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        defer { try? group.syncShutdownGracefully() }
        var source = script.source
        return Replayer(options: options, group: group).run(&source)
    }

    /// A conversation whose captured replies are what redis-server answers.
    static var faithful: ConversationScript {
        var s = ConversationScript()
        s.open(1, serverPort: 6379)
        s.request(1, "SET", "k", "v1")
        s.reply(1, .simpleString("OK"))
        s.request(1, "GET", "k")
        s.reply(1, .bulk("v1"))
        s.request(1, "INCR", "n")
        s.reply(1, .integer(1))
        s.request(1, "RPUSH", "l", "a", "b")
        s.reply(1, .integer(2))
        s.request(1, "LRANGE", "l", "0", "-1")
        s.reply(1, .array([.bulk("a"), .bulk("b")]))
        s.request(1, "GET", "missing")
        s.reply(1, .bulkString(nil))
        s.request(1, "TIME")
        s.reply(1, .array([.bulk("1"), .bulk("2")]))
        s.close(1)
        return s
    }

    @Test func equalRepliesGiveNoDivergence() throws {
        let redis = try RedisServerProcess()
        defer { redis.stop() }
        let report = try Self.replay(Self.faithful, Self.options(redis.port))
        #expect(report.divergenceCount == 0, "\(report.divergences)")
        #expect(report.requestsSent == 7)
        #expect(report.repliesCompared == 6)
        #expect(report.repliesIgnored == 1)  // TIME
        #expect(report.connections.count == 1)
        #expect(report.connections.first?.failure == nil)
        #expect(try redis.cli("GET", "k") == "v1")
    }

    @Test func changedReplyIsReportedExactly() throws {
        let redis = try RedisServerProcess()
        defer { redis.stop() }
        try redis.cli("SET", "k", "other")
        var s = ConversationScript()
        s.open(1, serverPort: 6379)
        s.request(1, "GET", "k")
        s.reply(1, .bulk("v1"))
        s.request(1, "LPUSH", "k", "x")
        s.reply(1, .integer(1))
        s.close(1)
        let report = try Self.replay(s, Self.options(redis.port))
        #expect(report.divergenceCount == 2)
        let first = try #require(report.divergences.first)
        #expect(first.requestIndex == 1)
        #expect(first.request == "GET k")
        #expect(first.field == "reply")
        #expect(first.expected == "\"v1\"")
        #expect(first.actual == "\"other\"")
        #expect(first.packetNumber == 2)
        #expect(report.divergences.last?.expected == "(integer) 1")
        #expect(report.divergences.last?.actual == "(error) WRONGTYPE Operation against a key holding the wrong kind of value")
    }

    @Test func ignoredCommandIsNotCompared() throws {
        let redis = try RedisServerProcess()
        defer { redis.stop() }
        var s = ConversationScript()
        s.open(1, serverPort: 6379)
        s.request(1, "SET", "k", "v")
        s.reply(1, .simpleString("NOPE"))
        s.request(1, "CLIENT", "SETNAME", "x")
        s.reply(1, .simpleString("OK"))
        s.close(1)
        let report = try Self.replay(s, Self.options(redis.port, ignore: ["set"]))
        #expect(report.divergenceCount == 0)
        #expect(report.repliesIgnored == 2)
        #expect(report.repliesCompared == 0)
    }

    @Test func shutdownIsNeverSent() throws {
        let redis = try RedisServerProcess()
        defer { redis.stop() }
        var s = ConversationScript()
        s.open(1, serverPort: 6379)
        s.request(1, "SHUTDOWN", "NOSAVE")
        s.request(1, "SET", "after", "1")
        s.reply(1, .simpleString("OK"))
        s.close(1)
        let report = try Self.replay(s, Self.options(redis.port))
        #expect(report.requestsSent == 1)
        #expect(try redis.cli("PING") == "PONG")
        #expect(try redis.cli("GET", "after") == "1")
    }

    @Test(arguments: [ReplayOrdering.capture, .perConnection])
    func manyConnectionsPipelined(ordering: ReplayOrdering) throws {
        let redis = try RedisServerProcess()
        defer { redis.stop() }
        var s = ConversationScript()
        for c in 1...4 { s.open(c, serverPort: 6379) }
        // Interleaved as a capture of four clients would be; each INCR's captured reply is
        // what the shared counter said then, which only the capture ordering reproduces.
        var counter: Int64 = 0
        for round in 0..<300 {
            let c = round % 4 + 1
            s.request(c, "INCR", "shared")
            counter += 1
            s.reply(c, .integer(counter))
            s.request(c, "SET", "key:\(c)", "\(round)")
            s.reply(c, .simpleString("OK"))
        }
        for c in 1...4 { s.close(c) }
        var options = Self.options(redis.port, ordering: ordering)
        options.maxOutstandingPerConnection = 16
        let report = try Self.replay(s, options)
        #expect(report.requestsSent == 600)
        #expect(report.connections.allSatisfy { $0.failure == nil })
        #expect(try redis.cli("GET", "shared") == "300")
        if ordering == .capture {
            #expect(report.divergenceCount == 0, "\(report.divergences.prefix(3))")
        }
        #expect(report.repliesCompared == 600)
    }

    @Test func refusedConnectionFailsOnlyThatConnection() throws {
        let redis = try RedisServerProcess()
        defer { redis.stop() }
        let closedPort = try FreePort.find()
        var s = ConversationScript()
        s.open(1, serverPort: 7001)
        s.request(1, "PING")
        s.reply(1, .simpleString("PONG"))
        s.open(2, serverPort: 6379)
        s.request(2, "PING")
        s.reply(2, .simpleString("PONG"))
        s.close(1)
        s.close(2)
        var options = Self.options(redis.port)
        options.portMap = [7001: ReplayAddress(host: "127.0.0.1", port: closedPort)]
        let report = try Self.replay(s, options)
        let failed = try #require(report.connections.first { $0.connection == TCPConnectionID(1) })
        #expect(failed.failure?.contains("cannot connect to 127.0.0.1:\(closedPort)") == true)
        #expect(report.connections.first { $0.connection == TCPConnectionID(2) }?.failure == nil)
        #expect(report.repliesCompared == 1)
        #expect(report.problems.contains { $0.contains("connection 1") })
    }

    @Test func aReadErrorEndsReadingWithAPartialResult() throws {
        let redis = try RedisServerProcess()
        defer { redis.stop() }
        var s = ConversationScript()
        s.open(1, serverPort: 6379)
        s.request(1, "PING")
        s.reply(1, .simpleString("PONG"))
        let error = CaptureError(file: "cut.pcap", offset: 120, packet: 4, reason: "truncated dump file")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        var source = ListEventSource(s.events, failure: error)
        let report = Replayer(options: Self.options(redis.port), group: group).run(&source)
        #expect(report.readError == error)
        #expect(report.repliesCompared == 1)
        var empty = ListEventSource([], failure: error)
        let nothing = Replayer(options: Self.options(redis.port), group: group).run(&empty)
        #expect(nothing.readError == error)
        #expect(nothing.requestsSent == 0)
    }
}
