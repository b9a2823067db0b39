import Capture
import RESP
import Testing

/// RESP replay of pub/sub against a real redis-server: confirmations counted per channel,
/// messages compared as pushes in their own lane.
@Suite(.serialized) struct RESPPubSubReplayTests {
    static func confirmation(_ kind: String, _ channel: String?, _ count: Int64) -> RESPValue {
        .array([.bulk(kind), channel.map { .bulk($0) } ?? .bulkString(nil), .integer(count)])
    }

    static func message(_ channel: String, _ payload: String) -> RESPValue {
        .array([.bulk("message"), .bulk(channel), .bulk(payload)])
    }

    /// Connection 1 subscribes to a and b, connection 2 publishes to both, connection 1 gets
    /// the messages (the one on a saying `payloadOnA`), pings, unsubscribes from all, and goes
    /// on with ordinary commands.
    static func conversation(payloadOnA: String = "hello") -> ConversationScript {
        var s = ConversationScript()
        s.open(1, serverPort: 6379)
        s.open(2, serverPort: 6379)
        s.request(1, "SUBSCRIBE", "a", "b")
        s.reply(1, confirmation("subscribe", "a", 1))
        s.reply(1, confirmation("subscribe", "b", 2))
        s.request(2, "PUBLISH", "a", "hello")
        s.reply(1, message("a", payloadOnA))
        s.reply(2, .integer(1))
        s.request(2, "PUBLISH", "b", "world")
        s.reply(1, message("b", "world"))
        s.reply(2, .integer(1))
        s.request(1, "PING")
        s.reply(1, .array([.bulk("pong"), .bulk("")]))
        // Redis answers in its hash order (random per process); the replay sorts channels.
        s.request(1, "UNSUBSCRIBE")
        s.reply(1, confirmation("unsubscribe", "b", 1))
        s.reply(1, confirmation("unsubscribe", "a", 0))
        s.request(1, "UNSUBSCRIBE")
        s.reply(1, confirmation("unsubscribe", nil, 0))
        s.request(1, "SET", "k", "v")
        s.reply(1, .simpleString("OK"))
        s.request(1, "GET", "k")
        s.reply(1, .bulk("v"))
        s.request(1, "INCR", "n")
        s.reply(1, .integer(1))
        s.close(2)
        s.close(1)
        return s
    }

    @Test func subscribedConversationReplaysInStep() throws {
        let redis = try RedisServerProcess()
        defer { redis.stop() }
        let report = try RESPReplayTests.replay(Self.conversation(), RESPReplayTests.options(redis.port))
        #expect(report.divergenceCount == 0, "\(report.divergences)")
        #expect(report.connections.allSatisfy { $0.failure == nil }, "\(report.connections.map(\.failure))")
        #expect(report.requestsSent == 9)
        // 7 requests on connection 1, 2 PUBLISH, 2 pushes.
        #expect(report.repliesCompared == 11)
        #expect(try redis.cli("GET", "n") == "1")
    }

    @Test func aDifferentPayloadIsAPushDivergence() throws {
        let redis = try RedisServerProcess()
        defer { redis.stop() }
        let report = try RESPReplayTests.replay(Self.conversation(payloadOnA: "hallo"), RESPReplayTests.options(redis.port))
        #expect(report.divergenceCount == 1, "\(report.divergences)")
        let divergence = try #require(report.divergences.first)
        #expect(divergence.field == "push")
        #expect(divergence.request == "(push 1)")
        #expect(divergence.requestIndex == 1)
        #expect(divergence.expected == "1) \"message\"\n2) \"a\"\n3) \"hallo\"")
        #expect(divergence.actual == "1) \"message\"\n2) \"a\"\n3) \"hello\"")
        // Ignored, the push is not compared (on a fresh database: INCR counts again).
        try redis.cli("FLUSHALL")
        let ignoring = try RESPReplayTests.replay(Self.conversation(payloadOnA: "hallo"), RESPReplayTests.options(redis.port, ignore: ["push"]))
        #expect(ignoring.divergenceCount == 0, "\(ignoring.divergences)")
        #expect(ignoring.repliesIgnored == 2)
    }

    /// The capture holds a message whose publisher was not captured: the target never sends it.
    @Test func aMissingPushIsReported() throws {
        let redis = try RedisServerProcess()
        defer { redis.stop() }
        var s = ConversationScript()
        s.open(1, serverPort: 6379)
        s.request(1, "SUBSCRIBE", "a")
        s.reply(1, Self.confirmation("subscribe", "a", 1))
        s.reply(1, Self.message("a", "from elsewhere"))
        s.request(1, "UNSUBSCRIBE", "a")
        s.reply(1, Self.confirmation("unsubscribe", "a", 0))
        s.request(1, "GET", "k")
        s.reply(1, .bulkString(nil))
        s.close(1)
        let report = try RESPReplayTests.replay(s, RESPReplayTests.options(redis.port))
        #expect(report.divergenceCount == 1, "\(report.divergences)")
        let divergence = try #require(report.divergences.first)
        #expect(divergence.field == "push")
        #expect(divergence.expected.contains("from elsewhere"))
        #expect(divergence.actual == "(none)")
        #expect(divergence.packetNumber == 4)
        #expect(report.repliesCompared == 3)
        #expect(report.connections.first?.failure == nil)
    }
}
