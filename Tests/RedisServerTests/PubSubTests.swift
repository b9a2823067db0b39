import RESP
import Testing

@testable import RedisServer

/// SUBSCRIBE, PSUBSCRIBE, SSUBSCRIBE and their UN- forms, PUBLISH and SPUBLISH delivery,
/// the RESP3 push shape, PUBSUB introspection and RESP2's subscribed-mode restrictions.
@Suite struct PubSubTests {
    static func confirm(_ kind: String, _ name: String?, _ count: Int64) -> RESPValue {
        .array([.bulk(kind), name.map { .bulk($0) } ?? .bulkString(nil), .integer(count)])
    }

    static func sortedStrings(_ v: RESPValue) -> [String] { (v.elements ?? []).map { $0.string ?? "?" }.sorted() }

    @Test func subscriptionRepliesAndCounts() {
        let t = TestNode()
        #expect(
            t.run("SUBSCRIBE", "a", "b", "a") == .array([
                Self.confirm("subscribe", "a", 1), Self.confirm("subscribe", "b", 2), Self.confirm("subscribe", "a", 2),
            ]))
        #expect(
            t.run("PSUBSCRIBE", "p*", "p*", "q?") == .array([
                Self.confirm("psubscribe", "p*", 3), Self.confirm("psubscribe", "p*", 3),
                Self.confirm("psubscribe", "q?", 4),
            ]))
        #expect(
            t.run("UNSUBSCRIBE", "a", "zz") == .array([
                Self.confirm("unsubscribe", "a", 3), Self.confirm("unsubscribe", "zz", 3),
            ]))
        #expect(
            t.run("PUNSUBSCRIBE", "p*", "zz") == .array([
                Self.confirm("punsubscribe", "p*", 2), Self.confirm("punsubscribe", "zz", 2),
            ]))
        #expect(t.run("UNSUBSCRIBE") == Self.confirm("unsubscribe", "b", 1))
        #expect(t.run("PUNSUBSCRIBE") == Self.confirm("punsubscribe", "q?", 0))
        // With nothing left, the bare forms still confirm once, with a null name.
        #expect(t.run("UNSUBSCRIBE") == Self.confirm("unsubscribe", nil, 0))
        #expect(t.run("PUNSUBSCRIBE") == Self.confirm("punsubscribe", nil, 0))
        #expect(t.run("PING") == .simpleString("PONG"))
    }

    @Test func unsubscribeAllNamesEveryChannel() {
        let t = TestNode()
        t.run("SUBSCRIBE", "a", "b", "c")
        let replies = t.run("UNSUBSCRIBE").elements ?? []
        #expect(replies.count == 3)
        #expect(replies.compactMap { $0.elements?[1].string }.sorted() == ["a", "b", "c"])
        #expect(replies.compactMap { $0.elements?[2] }.map { $0.int } == [2, 1, 0])
    }

    @Test func publishDeliversToChannelsAndPatterns() {
        let t = TestNode()
        let s1 = t.connect()
        let s2 = t.connect()
        let s3 = t.connect()
        t.run("SUBSCRIBE", "news", as: s1)
        t.run("PSUBSCRIBE", "n*", as: s2)
        t.run("PSUBSCRIBE", "n*", "ne*", as: s3)
        t.run("SUBSCRIBE", "news", as: s3)
        #expect(t.run("PUBLISH", "news", "hello") == .integer(5))
        #expect(t.drain(s1) == [bulks("message", "news", "hello")])
        #expect(t.drain(s2) == [bulks("pmessage", "n*", "news", "hello")])
        let third = t.drain(s3)
        #expect(third.first == bulks("message", "news", "hello"))
        #expect(
            Set(third.dropFirst()) == [bulks("pmessage", "n*", "news", "hello"), bulks("pmessage", "ne*", "news", "hello")])
        #expect(t.run("PUBLISH", "other", "x") == .integer(0))
        #expect(t.run("PUBLISH", "nothing", "x") == .integer(2))
        #expect(t.drain(s1) == [])
        #expect(t.run("PUBLISH") == .error("ERR wrong number of arguments for 'publish' command"))
    }

    @Test func publishIsBinarySafeAndPropagated() {
        let t = TestNode()
        let s = t.connect()
        t.run([Array("SUBSCRIBE".utf8), [97, 0, 98]], as: s)
        #expect(t.run([Array("PUBLISH".utf8), [97, 0, 98], [109, 13, 10]]) == .integer(1))
        #expect(t.drain(s) == [.array([.bulk("message"), .bulkString([97, 0, 98]), .bulkString([109, 13, 10])])])
        // Redis sends PUBLISH to replicas only, never to the AOF (and this node has no replicas).
        #expect(t.propagated("PUBLISH", "ch", "m") == [])
    }

    @Test func resp3UsesPushes() {
        let t = TestNode()
        let s = t.connect()
        t.run("HELLO", "3", as: s)
        #expect(t.run("SUBSCRIBE", "a", as: s) == .push([.bulk("subscribe"), .bulk("a"), .integer(1)]))
        #expect(t.run("PSUBSCRIBE", "a*", as: s) == .push([.bulk("psubscribe"), .bulk("a*"), .integer(2)]))
        t.run("PUBLISH", "a", "msg")
        #expect(
            t.drain(s) == [
                .push([.bulk("message"), .bulk("a"), .bulk("msg")]),
                .push([.bulk("pmessage"), .bulk("a*"), .bulk("a"), .bulk("msg")]),
            ])
        // RESP3 subscribers may run any command.
        #expect(t.run("SET", "k", "v", as: s) == .simpleString("OK"))
        #expect(t.run("GET", "k", as: s) == .bulk("v"))
        #expect(t.run("UNSUBSCRIBE", "a", as: s) == .push([.bulk("unsubscribe"), .bulk("a"), .integer(1)]))
        #expect(t.run("PUNSUBSCRIBE", as: s) == .push([.bulk("punsubscribe"), .bulk("a*"), .integer(0)]))
        #expect(t.run("UNSUBSCRIBE", as: s) == .push([.bulk("unsubscribe"), .null, .integer(0)]))
    }

    @Test func resp2SubscribersAreRestricted() {
        let t = TestNode()
        t.run("SUBSCRIBE", "a")
        for (command, name) in [(["GET", "k"], "get"), (["SET", "k", "v"], "set"), (["PUBSUB", "NUMSUB", "a"], "pubsub|numsub"),
            (["MULTI"], "multi"), (["ECHO", "x"], "echo")]
        {
            #expect(
                t.run(command.map { Array($0.utf8) })
                    == .error(
                        "ERR Can't execute '\(name)': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"
                    ))
        }
        #expect(t.run("SSUBSCRIBE", "s") == Self.confirm("ssubscribe", "s", 1))
        #expect(t.run("QUIT") == .simpleString("OK"))
    }

    @Test func leavingEverySubscriptionLiftsTheRestriction() {
        let t = TestNode()
        t.run("SUBSCRIBE", "a")
        t.run("SSUBSCRIBE", "s")
        t.run("UNSUBSCRIBE", "a")
        // Still subscribed to a shard channel.
        #expect(t.run("GET", "k").errorMessage?.hasPrefix("ERR Can't execute 'get'") == true)
        t.run("SUNSUBSCRIBE")
        #expect(t.run("GET", "k") == .bulkString(nil))
    }

    @Test func shardChannels() {
        let t = TestNode()
        let s = t.connect()
        let plain = t.connect()
        let pattern = t.connect()
        #expect(
            t.run("SSUBSCRIBE", "a", "b", as: s) == .array([
                Self.confirm("ssubscribe", "a", 1), Self.confirm("ssubscribe", "b", 2),
            ]))
        // Shard counts are kept apart from channels and patterns.
        #expect(t.run("SUBSCRIBE", "c", as: s) == Self.confirm("subscribe", "c", 1))
        t.run("SUBSCRIBE", "a", as: plain)
        t.run("PSUBSCRIBE", "*", as: pattern)
        #expect(t.run("SPUBLISH", "a", "m") == .integer(1))
        #expect(t.drain(s) == [bulks("smessage", "a", "m")])
        #expect(t.drain(plain) == [])
        #expect(t.drain(pattern) == [])
        #expect(t.run("PUBLISH", "a", "n") == .integer(2))
        #expect(t.drain(s) == [])
        #expect(Self.sortedStrings(t.run("PUBSUB", "SHARDCHANNELS")) == ["a", "b"])
        #expect(t.run("PUBSUB", "SHARDCHANNELS", "a*") == bulks("a"))
        #expect(t.run("PUBSUB", "SHARDNUMSUB", "a", "zz") == .array([.bulk("a"), .integer(1), .bulk("zz"), .integer(0)]))
        #expect(t.run("PUBSUB", "CHANNELS", "b") == .array([]))
        #expect(
            t.run("SUNSUBSCRIBE", "a", "zz", as: s) == .array([
                Self.confirm("sunsubscribe", "a", 1), Self.confirm("sunsubscribe", "zz", 1),
            ]))
        #expect(t.run("SUNSUBSCRIBE", as: s) == Self.confirm("sunsubscribe", "b", 0))
        #expect(t.run("SUNSUBSCRIBE", as: s) == Self.confirm("sunsubscribe", nil, 0))
        #expect(t.run("PUBSUB", "SHARDCHANNELS") == .array([]))
        #expect(t.propagated("SPUBLISH", "a", "m") == [])
    }

    @Test func shardSubscribeIsRefusedInsideExec() {
        let t = TestNode()
        t.run("MULTI")
        #expect(t.run("SSUBSCRIBE", "a") == .simpleString("QUEUED"))
        #expect(t.run("EXEC") == .array([.error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client")]))
        #expect(!t.client.isSubscribed)
    }

    @Test func introspection() {
        let t = TestNode()
        let a = t.connect()
        let b = t.connect()
        t.run("SUBSCRIBE", "a", "b", "c", as: a)
        t.run("SUBSCRIBE", "a", as: b)
        t.run("PSUBSCRIBE", "x*", "y*", as: a)
        t.run("PSUBSCRIBE", "x*", as: b)
        #expect(
            t.run("PUBSUB", "NUMSUB", "a", "b", "zz") == .array([
                .bulk("a"), .integer(2), .bulk("b"), .integer(1), .bulk("zz"), .integer(0),
            ]))
        #expect(t.run("PUBSUB", "NUMSUB") == .array([]))
        #expect(t.run("PUBSUB", "NUMPAT") == .integer(2))
        #expect(Self.sortedStrings(t.run("PUBSUB", "CHANNELS")) == ["a", "b", "c"])
        #expect(Self.sortedStrings(t.run("PUBSUB", "CHANNELS", "[ab]")) == ["a", "b"])
        let info = t.run("INFO", "stats").string ?? ""
        #expect(info.contains("pubsub_channels:3\r\n"))
        #expect(info.contains("pubsub_patterns:2\r\n"))
        // Patterns and channels stay registered while anyone uses them.
        t.run("UNSUBSCRIBE", as: a)
        #expect(Self.sortedStrings(t.run("PUBSUB", "CHANNELS")) == ["a"])
        t.run("PUNSUBSCRIBE", "x*", as: a)
        #expect(t.run("PUBSUB", "NUMPAT") == .integer(2))
    }

    @Test func introspectionErrorsAndResp3() {
        let t = TestNode()
        #expect(t.run("PUBSUB", "NUMPAT", "x") == .error("ERR wrong number of arguments for 'pubsub|numpat' command"))
        #expect(
            t.run("PUBSUB", "CHANNELS", "a", "b")
                == .error("ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP."))
        #expect(t.run("PUBSUB", "FOO") == .error("ERR unknown subcommand 'FOO'. Try PUBSUB HELP."))
        #expect(t.run("PUBSUB") == .error("ERR wrong number of arguments for 'pubsub' command"))
        #expect(t.run("PUBSUB", "HELP", "x") == .error("ERR wrong number of arguments for 'pubsub|help' command"))
        let help = t.run("PUBSUB", "HELP").elements ?? []
        #expect(help.count == 14)
        #expect(help.first == .simpleString("PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"))
        #expect(help.last == .simpleString("    Prints this help."))
        // NUMSUB stays a flat array in RESP3.
        t.resp3()
        #expect(t.run("PUBSUB", "NUMSUB", "a") == .array([.bulk("a"), .integer(0)]))
        #expect(t.run("PUBSUB", "SHARDNUMSUB") == .array([]))
    }

    @Test func disconnectingForgetsSubscriptions() {
        let t = TestNode()
        let s = t.connect()
        t.run("SUBSCRIBE", "a", as: s)
        t.run("PSUBSCRIBE", "p*", as: s)
        t.run("SSUBSCRIBE", "x", as: s)
        t.node.clientDisconnected(s)
        #expect(t.run("PUBLISH", "a", "m") == .integer(0))
        #expect(t.run("PUBSUB", "NUMPAT") == .integer(0))
        #expect(t.run("PUBSUB", "SHARDCHANNELS") == .array([]))
    }
}
