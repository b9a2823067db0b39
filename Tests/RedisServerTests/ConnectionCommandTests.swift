import RESP
import Testing

@testable import RedisServer

/// PING, ECHO, HELLO, AUTH (with and without `requirepass`), SELECT, QUIT and RESET.
@Suite struct ConnectionCommandTests {
    static let noAuth = RESPValue.error("NOAUTH Authentication required.")
    static let wrongPass = RESPValue.error("WRONGPASS invalid username-password pair or user is disabled.")

    static func protected() -> TestNode { TestNode { $0.requirePass = Bytes("pw") } }

    /// HELLO's reply fields as (name, value) pairs, from either protocol's shape.
    static func helloFields(_ v: RESPValue) -> [String: RESPValue] {
        var out: [String: RESPValue] = [:]
        if case .map(let pairs) = v {
            for p in pairs { out[p.key.string ?? ""] = p.value }
        } else if let items = v.elements {
            for i in stride(from: 0, to: items.count - 1, by: 2) { out[items[i].string ?? ""] = items[i + 1] }
        }
        return out
    }

    @Test func pingAndEcho() {
        let t = TestNode()
        #expect(t.run("PING") == .simpleString("PONG"))
        #expect(t.run("PING", "hello") == .bulk("hello"))
        #expect(t.run("PING", "a", "b") == .error("ERR wrong number of arguments for 'ping' command"))
        #expect(t.run("ECHO", "hi") == .bulk("hi"))
        #expect(t.run("ECHO", "") == .bulk(""))
        #expect(t.run("ECHO") == .error("ERR wrong number of arguments for 'echo' command"))
        #expect(t.run("ECHO", "a", "b") == .error("ERR wrong number of arguments for 'echo' command"))
    }

    @Test func pingWhileSubscribed() {
        let t = TestNode()
        t.run("SUBSCRIBE", "ch")
        // RESP2 subscribers get PING as a message-shaped array.
        #expect(t.run("PING") == bulks("pong", ""))
        #expect(t.run("PING", "msg") == bulks("pong", "msg"))
        #expect(t.run("PING", "a", "b") == .error("ERR wrong number of arguments for 'ping' command"))
        t.run("UNSUBSCRIBE")
        #expect(t.run("PING") == .simpleString("PONG"))
        // RESP3 needs no special shape.
        t.resp3()
        t.run("SUBSCRIBE", "ch")
        #expect(t.run("PING") == .simpleString("PONG"))
        #expect(t.run("PING", "msg") == .bulk("msg"))
    }

    @Test func helloReplies() {
        let t = TestNode()
        let two = t.run("HELLO", "2")
        #expect(two.elements?.count == 14)
        let fields = Self.helloFields(two)
        #expect(fields["server"] == .bulk("redis"))
        #expect(fields["version"] == .bulk("7.0.15"))
        #expect(fields["proto"] == .integer(2))
        #expect(fields["id"] == .integer(Int64(t.client.id)))
        #expect(fields["mode"] == .bulk("standalone"))
        #expect(fields["role"] == .bulk("master"))
        #expect(fields["modules"] == .array([]))
        let three = t.run("HELLO", "3")
        guard case .map(let pairs) = three else {
            Issue.record("HELLO 3 should answer a map, got \(three)")
            return
        }
        #expect(pairs.map { $0.key.string ?? "" } == ["server", "version", "proto", "id", "mode", "role", "modules"])
        #expect(Self.helloFields(three)["proto"] == .integer(3))
        // HELLO without a version reports the current protocol and keeps it.
        #expect(Self.helloFields(t.run("HELLO"))["proto"] == .integer(3))
        #expect(t.run("GET", "nokey") == .null)
        t.run("HELLO", "2")
        #expect(t.run("GET", "nokey") == .bulkString(nil))
    }

    @Test func helloOptionsAndErrors() {
        let t = TestNode()
        #expect(t.run("HELLO", "4") == .error("NOPROTO unsupported protocol version"))
        #expect(t.run("HELLO", "1") == .error("NOPROTO unsupported protocol version"))
        #expect(t.run("HELLO", "x") == .error("ERR Protocol version is not an integer or out of range"))
        #expect(t.run("HELLO", "3", "FOO") == .error("ERR Syntax error in HELLO option 'FOO'"))
        #expect(t.run("HELLO", "3", "AUTH", "default") == .error("ERR Syntax error in HELLO option 'AUTH'"))
        #expect(t.run("HELLO", "2", "SETNAME") == .error("ERR Syntax error in HELLO option 'SETNAME'"))
        #expect(
            t.run("HELLO", "3", "SETNAME", "bad name")
                == .error("ERR Client names cannot contain spaces, newlines or special characters."))
        #expect(t.run("HELLO", "3", "AUTH", "foo", "bar") == Self.wrongPass)
        // A failed HELLO never switches the protocol.
        #expect(t.run("GET", "nokey") == .bulkString(nil))
        #expect(t.run("CLIENT", "GETNAME") == .bulkString(nil))
        // Redis 7.0 applies options as it parses them: those before a bad one stick.
        #expect(t.run("HELLO", "3", "SETNAME", "early", "FOO") == .error("ERR Syntax error in HELLO option 'FOO'"))
        #expect(t.run("CLIENT", "GETNAME") == .bulk("early"))
        #expect(t.run("GET", "nokey") == .bulkString(nil))
        t.run("CLIENT", "SETNAME", "")
        // Without requirepass the default user takes any password.
        #expect(Self.helloFields(t.run("HELLO", "2", "AUTH", "default", "whatever", "SETNAME", "n2"))["proto"] == .integer(2))
        #expect(t.run("CLIENT", "GETNAME") == .bulk("n2"))
        t.run("HELLO", "3", "SETNAME", "myname")
        #expect(t.run("CLIENT", "GETNAME") == .bulk("myname"))
    }

    @Test func helloAuthenticates() {
        let t = Self.protected()
        #expect(t.run("GET", "k") == Self.noAuth)
        #expect(
            t.run("HELLO", "3")
                == .error(
                    "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time"
                ))
        #expect(t.run("HELLO", "3", "AUTH", "default", "wrong") == Self.wrongPass)
        #expect(t.run("GET", "k") == Self.noAuth)
        // As in Redis 7.0, AUTH takes effect even if a later option is bad.
        let early = t.connect()
        #expect(t.run("HELLO", "3", "AUTH", "default", "pw", "FOO", as: early) == .error("ERR Syntax error in HELLO option 'FOO'"))
        #expect(t.run("GET", "k", as: early) == .bulkString(nil))
        let reply = t.run("HELLO", "3", "AUTH", "default", "pw", "SETNAME", "named")
        #expect(Self.helloFields(reply)["proto"] == .integer(3))
        #expect(t.run("CLIENT", "GETNAME") == .bulk("named"))
        #expect(t.run("GET", "k") == .null)
    }

    @Test func authWithRequirepass() {
        let t = Self.protected()
        #expect(t.run("GET", "k") == Self.noAuth)
        #expect(t.run("SET", "k", "v") == Self.noAuth)
        #expect(t.run("PING") == Self.noAuth)
        #expect(t.run("ECHO", "x") == Self.noAuth)
        #expect(t.run("AUTH", "wrong") == Self.wrongPass)
        #expect(t.run("AUTH", "default", "wrong") == Self.wrongPass)
        #expect(t.run("AUTH", "someone", "pw") == Self.wrongPass)
        #expect(t.run("GET", "k") == Self.noAuth)
        #expect(t.run("AUTH", "pw") == .simpleString("OK"))
        #expect(t.run("GET", "k") == .bulkString(nil))
        let other = t.connect()
        #expect(t.run("GET", "k", as: other) == Self.noAuth)
        #expect(t.run("AUTH", "default", "pw", as: other) == .simpleString("OK"))
        #expect(t.run("GET", "k", as: other) == .bulkString(nil))
        // QUIT needs no authentication.
        #expect(t.run("QUIT", as: t.connect()) == .simpleString("OK"))
    }

    @Test func authWithoutRequirepass() {
        let t = TestNode()
        #expect(
            t.run("AUTH", "pw")
                == .error(
                    "ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?"
                ))
        // The default user has no password: any password is accepted with a user name.
        #expect(t.run("AUTH", "default", "pw") == .simpleString("OK"))
        #expect(t.run("AUTH", "a", "b", "c") == .error("ERR syntax error"))
        #expect(t.run("AUTH") == .error("ERR wrong number of arguments for 'auth' command"))
    }

    @Test func multiWithoutAuthIsRefused() {
        let t = Self.protected()
        #expect(t.run("MULTI") == Self.noAuth)
        #expect(t.run("AUTH", "pw") == .simpleString("OK"))
        #expect(t.run("MULTI") == .simpleString("OK"))
    }

    @Test func select() {
        let t = TestNode()
        #expect(t.run("SELECT", "1") == .simpleString("OK"))
        t.run("SET", "k", "1")
        #expect(t.run("SELECT", "0") == .simpleString("OK"))
        #expect(t.run("GET", "k") == .bulkString(nil))
        #expect(t.run("SELECT", "16") == .error("ERR DB index is out of range"))
        #expect(t.run("SELECT", "-1") == .error("ERR DB index is out of range"))
        #expect(t.run("SELECT", "x") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("SELECT", "1.5") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("SELECT") == .error("ERR wrong number of arguments for 'select' command"))
        let small = TestNode { $0.databases = 2 }
        #expect(small.run("SELECT", "2") == .error("ERR DB index is out of range"))
    }

    @Test func quitClosesAfterItsReply() {
        let t = TestNode()
        let c = t.connect()
        #expect(t.run("QUIT", as: c) == .simpleString("OK"))
        #expect(c.closeAfterReply)
        // Nothing after QUIT runs.
        #expect(t.run("SET", "k", "v", as: c) == .array([]))
        #expect(t.run("EXISTS", "k") == .integer(0))
        #expect(t.run("QUIT", "extra") == .simpleString("OK"))
    }

    @Test func resetRestoresAFreshConnection() {
        let t = TestNode()
        t.run("SELECT", "3")
        t.run("CLIENT", "SETNAME", "n")
        t.resp3()
        t.run("MULTI")
        t.run("SET", "a", "1")
        #expect(t.run("RESET") == .simpleString("RESET"))
        #expect(t.run("CLIENT", "GETNAME") == .bulkString(nil))
        #expect(t.run("GET", "a") == .bulkString(nil))
        #expect(t.run("SET", "a", "2") == .simpleString("OK"))
        #expect(t.run("EXEC") == .error("ERR EXEC without MULTI"))
        t.run("SELECT", "3")
        #expect(t.run("GET", "a") == .bulkString(nil))
        #expect(t.run("RESET", "x") == .error("ERR wrong number of arguments for 'reset' command"))
    }

    @Test func resetLeavesSubscriptionsAndWatches() {
        let t = TestNode()
        t.run("SUBSCRIBE", "a")
        t.run("PSUBSCRIBE", "p*")
        t.run("SSUBSCRIBE", "s")
        #expect(t.run("RESET") == .simpleString("RESET"))
        #expect(t.run("PUBSUB", "NUMPAT") == .integer(0))
        #expect(t.run("PUBSUB", "NUMSUB", "a") == .array([.bulk("a"), .integer(0)]))
        #expect(t.run("PUBSUB", "SHARDNUMSUB", "s") == .array([.bulk("s"), .integer(0)]))
        #expect(t.run("PING") == .simpleString("PONG"))
        t.run("SET", "w", "1")
        t.run("WATCH", "w")
        t.run("RESET")
        t.run("SET", "w", "2", as: t.connect())
        t.run("MULTI")
        t.run("GET", "w")
        #expect(t.run("EXEC") == .array([.bulk("2")]))
    }

    @Test func resetRequiresAuthAgain() {
        let t = Self.protected()
        t.run("AUTH", "pw")
        #expect(t.run("RESET") == .simpleString("RESET"))
        #expect(t.run("GET", "k") == Self.noAuth)
        // RESET itself works unauthenticated.
        #expect(t.run("RESET") == .simpleString("RESET"))
    }
}
