import RESP
import Testing

@testable import RedisServer

/// DEBUG SLEEP, SET-ACTIVE-EXPIRE and POPULATE, with Redis's loose argument parsing and its
/// "unknown subcommand or wrong number of arguments" error.
@Suite struct DebugCommandTests {
    static func debugNode() -> TestNode { TestNode { $0.enableDebugCommand = .yes } }

    static func syntaxError(_ sub: String) -> RESPValue {
        .error("ERR unknown subcommand or wrong number of arguments for '\(sub)'. Try DEBUG HELP.")
    }

    @Test func refusedUnlessEnabled() {
        let t = TestNode()
        #expect(t.run("DEBUG", "SLEEP", "0").errorMessage?.hasPrefix("ERR DEBUG command not allowed.") == true)
    }

    @Test func sleep() {
        let t = Self.debugNode()
        #expect(t.run("DEBUG", "SLEEP", "0") == .simpleString("OK"))
        // strtod: garbage and negative numbers sleep for nothing.
        #expect(t.run("DEBUG", "SLEEP", "x") == .simpleString("OK"))
        #expect(t.run("DEBUG", "SLEEP", "-5") == .simpleString("OK"))
        #expect(t.run("DEBUG", "SLEEP") == Self.syntaxError("SLEEP"))
        #expect(t.run("DEBUG", "SLEEP", "0", "1") == Self.syntaxError("SLEEP"))
    }

    @Test func setActiveExpireReadsLikeAtoi() {
        let t = Self.debugNode()
        #expect(t.run("DEBUG", "SET-ACTIVE-EXPIRE", "x") == .simpleString("OK"))
        #expect(!t.node.activeExpireEnabled)
        #expect(t.run("DEBUG", "SET-ACTIVE-EXPIRE", "2abc") == .simpleString("OK"))
        #expect(t.node.activeExpireEnabled)
        #expect(t.run("DEBUG", "SET-ACTIVE-EXPIRE", "0") == .simpleString("OK"))
        #expect(!t.node.activeExpireEnabled)
        #expect(t.run("DEBUG", "set-active-expire", "1") == .simpleString("OK"))
        #expect(t.node.activeExpireEnabled)
        #expect(t.run("DEBUG", "SET-ACTIVE-EXPIRE") == Self.syntaxError("SET-ACTIVE-EXPIRE"))
    }

    @Test func populate() {
        let t = Self.debugNode()
        #expect(t.run("DEBUG", "POPULATE", "5") == .simpleString("OK"))
        #expect(t.run("DBSIZE") == .integer(5))
        #expect(t.run("GET", "key:0") == .bulk("value:0"))
        #expect(t.run("GET", "key:4") == .bulk("value:4"))
        #expect(t.run("DEBUG", "POPULATE", "3", "pre") == .simpleString("OK"))
        #expect(t.run("GET", "pre:2") == .bulk("value:2"))
        // A size cuts or zero-pads the value; 0 means no size.
        t.run("DEBUG", "POPULATE", "2", "sz", "3")
        #expect(t.run("GET", "sz:1") == .bulk("val"))
        t.run("DEBUG", "POPULATE", "2", "big", "12")
        #expect(t.run("GET", "big:1") == .bulkString(Array("value:1".utf8) + [0, 0, 0, 0, 0]))
        t.run("DEBUG", "POPULATE", "1", "zero", "0")
        #expect(t.run("GET", "zero:0") == .bulk("value:0"))
        #expect(t.run("DEBUG", "POPULATE", "0") == .simpleString("OK"))
        #expect(t.encoding("key:1") == .bulk("embstr"))
    }

    @Test func populateKeepsExistingKeysAndIsNotPropagated() {
        let t = Self.debugNode()
        t.run("SET", "key:0", "existing")
        #expect(t.propagated("DEBUG", "POPULATE", "2") == [])
        #expect(t.run("GET", "key:0") == .bulk("existing"))
        #expect(t.run("GET", "key:1") == .bulk("value:1"))
    }

    @Test func populateTouchesWatchers() {
        let t = Self.debugNode()
        t.run("WATCH", "key:0")
        t.run("DEBUG", "POPULATE", "1", as: t.connect())
        t.run("MULTI")
        t.run("PING")
        #expect(t.run("EXEC") == .array(nil))
    }

    @Test func populateErrors() {
        let t = Self.debugNode()
        let positive = RESPValue.error("ERR value is out of range, must be positive")
        #expect(t.run("DEBUG", "POPULATE", "-1") == positive)
        #expect(t.run("DEBUG", "POPULATE", "x") == positive)
        #expect(t.run("DEBUG", "POPULATE", "1", "a", "b") == positive)
        #expect(t.run("DEBUG", "POPULATE", "1", "a", "-1") == positive)
        #expect(t.run("DEBUG", "POPULATE") == Self.syntaxError("POPULATE"))
        #expect(t.run("DEBUG", "POPULATE", "1", "a", "1", "x") == Self.syntaxError("POPULATE"))
        #expect(t.run("DBSIZE") == .integer(0))
    }

    @Test func unknownSubcommands() {
        let t = Self.debugNode()
        #expect(t.run("DEBUG", "FOO") == Self.syntaxError("FOO"))
        #expect(t.run("DEBUG", "digest", "x") == Self.syntaxError("digest"))
        #expect(t.run("DEBUG", "HELP", "x") == Self.syntaxError("HELP"))
        #expect(t.run("DEBUG") == .error("ERR wrong number of arguments for 'debug' command"))
        #expect(t.run("DEBUG", "DIGEST-VALUE", "nokey") == .array([.simpleString(String(repeating: "0", count: 40))]))
    }
}
