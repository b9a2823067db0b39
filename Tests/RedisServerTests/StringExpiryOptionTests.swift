import RESP
import Testing

@testable import RedisServer

/// GETEX with every option, SETEX and PSETEX, and SET's GET and expiry options: what
/// `StringCommandTests` leaves out.
@Suite struct StringExpiryOptionTests {
    static func invalidExpire(_ command: String) -> RESPValue {
        .error("ERR invalid expire time in '\(command)' command")
    }

    @Test func getexOptions() {
        let t = TestNode()
        t.run("SET", "k", "v")
        #expect(t.run("GETEX", "k") == .bulk("v"))
        #expect(t.run("TTL", "k") == .integer(-1))
        #expect(t.run("GETEX", "k", "EX", "100") == .bulk("v"))
        #expect(t.run("TTL", "k") == .integer(100))
        #expect(t.run("GETEX", "k", "PX", "200000") == .bulk("v"))
        #expect(t.run("TTL", "k") == .integer(200))
        #expect(t.run("GETEX", "k", "EXAT", "99999999999") == .bulk("v"))
        #expect(t.run("EXPIRETIME", "k") == .integer(99_999_999_999))
        #expect(t.run("GETEX", "k", "PXAT", "99999999999999") == .bulk("v"))
        #expect(t.run("PEXPIRETIME", "k") == .integer(99_999_999_999_999))
        // A plain GETEX leaves the TTL alone.
        #expect(t.run("GETEX", "k") == .bulk("v"))
        #expect(t.run("PEXPIRETIME", "k") == .integer(99_999_999_999_999))
        #expect(t.run("GETEX", "k", "persist") == .bulk("v"))
        #expect(t.run("TTL", "k") == .integer(-1))
        #expect(t.run("GETEX", "k", "PERSIST") == .bulk("v"))
        #expect(t.run("GETEX", "k", "ex", "5") == .bulk("v"))
        #expect(t.run("TTL", "k") == .integer(5))
    }

    @Test func getexErrors() {
        let t = TestNode()
        t.run("SET", "k", "v")
        for option in ["EX", "PX", "EXAT"] {
            #expect(t.run("GETEX", "k", option, "0") == Self.invalidExpire("getex"), "\(option)")
            #expect(t.run("GETEX", "k", option, "-1") == Self.invalidExpire("getex"), "\(option)")
            #expect(t.run("GETEX", "k", option, "9223372036854775807") == Self.invalidExpire("getex"), "\(option)")
        }
        #expect(t.run("GETEX", "k", "EX", "9223372036854775") == Self.invalidExpire("getex"))
        #expect(t.run("GETEX", "k", "EX", "x") == .error("ERR value is not an integer or out of range"))
        for options in [["EX"], ["EX", "10", "PX", "10"], ["EX", "10", "PERSIST"], ["PERSIST", "EX", "10"], ["FOO"]] {
            #expect(t.run((["GETEX", "k"] + options).map { Array($0.utf8) }) == .error("ERR syntax error"), "\(options)")
        }
        #expect(t.run("TTL", "k") == .integer(-1))
        // The largest PXAT is accepted.
        #expect(t.run("GETEX", "k", "PXAT", "9223372036854775807") == .bulk("v"))
        #expect(t.run("PEXPIRETIME", "k") == .integer(Int64.max))
    }

    @Test func getexOnMissingAndWrongType() {
        let t = TestNode()
        #expect(t.run("GETEX", "nokey", "EX", "10") == .bulkString(nil))
        // The value is checked only once the key is found.
        #expect(t.run("GETEX", "nokey", "EX", "0") == .bulkString(nil))
        #expect(t.run("GETEX", "nokey", "FOO") == .error("ERR syntax error"))
        t.run("RPUSH", "l", "a")
        #expect(t.run("GETEX", "l") == .error("WRONGTYPE Operation against a key holding the wrong kind of value"))
        #expect(t.run("GETEX", "l", "EX", "0") == .error("WRONGTYPE Operation against a key holding the wrong kind of value"))
    }

    @Test func getexWithATimeInThePastDeletes() {
        let t = TestNode()
        t.run("SET", "k", "v")
        #expect(t.run("GETEX", "k", "EXAT", "1") == .bulk("v"))
        #expect(t.run("EXISTS", "k") == .integer(0))
        t.run("SET", "k2", "v")
        #expect(t.run("GETEX", "k2", "PXAT", "1") == .bulk("v"))
        #expect(t.run("EXISTS", "k2") == .integer(0))
    }

    @Test func getexPropagation() {
        let t = TestNode()
        t.run("SET", "k", "v")
        #expect(t.propagated("GETEX", "k") == [])
        #expect(t.propagated("GETEX", "k", "EX", "100") == [["PEXPIREAT", "k", String(t.now + 100_000)]])
        #expect(t.propagated("GETEX", "k", "PERSIST") == [["PERSIST", "k"]])
        #expect(t.propagated("GETEX", "k", "PERSIST") == [])
        #expect(t.propagated("GETEX", "k", "PXAT", "1") == [["DEL", "k"]])
    }

    @Test func setexAndPsetex() {
        let t = TestNode()
        #expect(t.run("SETEX", "k", "10", "v") == .simpleString("OK"))
        #expect(t.run("TTL", "k") == .integer(10))
        #expect(t.run("PSETEX", "k", "1000", "v") == .simpleString("OK"))
        #expect(t.run("PTTL", "k") == .integer(1000))
        // Whatever the key held before is replaced.
        t.run("RPUSH", "l", "a")
        #expect(t.run("SETEX", "l", "10", "v") == .simpleString("OK"))
        #expect(t.run("TYPE", "l") == .simpleString("string"))
        #expect(t.propagated("SETEX", "p", "10", "v") == [["SET", "p", "v", "PXAT", String(t.now + 10_000)]])
        #expect(t.propagated("PSETEX", "p", "5", "v") == [["SET", "p", "v", "PXAT", String(t.now + 5)]])
    }

    @Test func setexErrors() {
        let t = TestNode()
        for (command, name) in [("SETEX", "setex"), ("PSETEX", "psetex")] {
            #expect(t.run(command, "k", "0", "v") == Self.invalidExpire(name))
            #expect(t.run(command, "k", "-5", "v") == Self.invalidExpire(name))
            #expect(t.run(command, "k", "9223372036854775807", "v") == Self.invalidExpire(name))
            #expect(t.run(command, "k", "x", "v") == .error("ERR value is not an integer or out of range"))
            #expect(t.run(command, "k") == .error("ERR wrong number of arguments for '\(name)' command"))
        }
        #expect(t.run("SETEX", "k", "9223372036854775", "v") == Self.invalidExpire("setex"))
        #expect(t.run("EXISTS", "k") == .integer(0))
    }

    @Test func setGet() {
        let t = TestNode()
        #expect(t.run("SET", "k", "v", "GET") == .bulkString(nil))
        #expect(t.run("SET", "k", "w", "GET") == .bulk("v"))
        // NX with GET answers the old value, and does not set.
        #expect(t.run("SET", "k", "x", "GET", "NX") == .bulk("w"))
        #expect(t.run("GET", "k") == .bulk("w"))
        #expect(t.run("SET", "k", "x", "GET", "XX") == .bulk("w"))
        #expect(t.run("GET", "k") == .bulk("x"))
        #expect(t.run("SET", "n", "v", "GET", "XX") == .bulkString(nil))
        #expect(t.run("EXISTS", "n") == .integer(0))
        #expect(t.run("SET", "k", "v", "GET", "GET") == .bulk("x"))
        t.run("SET", "k", "v", "EX", "10")
        #expect(t.run("SET", "k", "w", "KEEPTTL", "GET") == .bulk("v"))
        #expect(t.run("TTL", "k") == .integer(10))
        #expect(t.propagated("SET", "k", "x", "GET") == [["SET", "k", "x"]])
        #expect(t.propagated("SET", "k", "x", "GET", "EX", "5") == [["SET", "k", "x", "PXAT", String(t.now + 5000)]])
    }

    @Test func setGetOnAnotherTypeFailsWithoutWriting() {
        let t = TestNode()
        t.run("RPUSH", "l", "a")
        #expect(t.run("SET", "l", "v", "GET") == .error("WRONGTYPE Operation against a key holding the wrong kind of value"))
        #expect(t.run("TYPE", "l") == .simpleString("list"))
        #expect(t.propagated("SET", "l", "v", "GET") == [])
    }

    @Test func setOptionErrors() {
        let t = TestNode()
        t.run("SET", "k", "v")
        for options in [["EX", "10", "KEEPTTL"], ["KEEPTTL", "EX", "10"], ["PX", "10", "EXAT", "10"], ["EX"], ["FOO"]] {
            #expect(t.run((["SET", "k", "v"] + options).map { Array($0.utf8) }) == .error("ERR syntax error"), "\(options)")
        }
        for options in [["EXAT", "0"], ["PXAT", "0"], ["EX", "-1"], ["EX", "9223372036854775807"], ["PX", "9223372036854775807"],
            ["EXAT", "9223372036854775807"]]
        {
            #expect(t.run((["SET", "k", "v"] + options).map { Array($0.utf8) }) == Self.invalidExpire("set"), "\(options)")
        }
        #expect(t.run("SET", "k", "v", "NX", "NX") == .bulkString(nil))
        #expect(t.run("SET", "k", "v", "PXAT", "9223372036854775807") == .simpleString("OK"))
        #expect(t.run("SET", "k", "v", "EXAT", "1") == .simpleString("OK"))
        #expect(t.run("EXISTS", "k") == .integer(0))
    }
}
