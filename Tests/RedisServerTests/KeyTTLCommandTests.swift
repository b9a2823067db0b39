import RESP
import Testing

@testable import RedisServer

/// EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX/XX/GT/LT), TTL, PTTL, EXPIRETIME,
/// PEXPIRETIME and PERSIST, on the test node's hand-moved clock.
@Suite struct KeyTTLCommandTests {
    @Test func ttlFamilyOnMissingAndPersistentKeys() {
        let t = TestNode()
        t.run("SET", "e", "1")
        for cmd in ["TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"] {
            #expect(t.run(cmd, "nokey") == .integer(-2), "\(cmd)")
            #expect(t.run(cmd, "e") == .integer(-1), "\(cmd)")
        }
        #expect(t.run("PERSIST", "e") == .integer(0))
        #expect(t.run("PERSIST", "nokey") == .integer(0))
    }

    @Test func relativeAndAbsoluteForms() {
        let t = TestNode()
        t.run("SET", "a", "1")
        #expect(t.run("EXPIRE", "a", "100") == .integer(1))
        #expect(t.run("TTL", "a") == .integer(100))
        #expect(t.run("PTTL", "a") == .integer(100_000))
        #expect(t.run("EXPIRETIME", "a") == .integer((t.now + 100_000) / 1000))
        #expect(t.run("PEXPIRETIME", "a") == .integer(t.now + 100_000))
        #expect(t.run("PEXPIRE", "a", "1500") == .integer(1))
        #expect(t.run("PTTL", "a") == .integer(1500))
        // TTL rounds to the nearest second.
        #expect(t.run("TTL", "a") == .integer(2))
        t.advance(milliseconds: 1000)
        #expect(t.run("TTL", "a") == .integer(1))
        #expect(t.run("EXPIREAT", "a", "99999999999") == .integer(1))
        #expect(t.run("EXPIRETIME", "a") == .integer(99_999_999_999))
        #expect(t.run("PEXPIRETIME", "a") == .integer(99_999_999_999_000))
        #expect(t.run("PEXPIREAT", "a", "99999999999123") == .integer(1))
        #expect(t.run("PEXPIRETIME", "a") == .integer(99_999_999_999_123))
        #expect(t.run("EXPIRETIME", "a") == .integer(99_999_999_999))
        #expect(t.run("EXPIRE", "nokey", "100") == .integer(0))
        #expect(t.run("PERSIST", "a") == .integer(1))
        #expect(t.run("TTL", "a") == .integer(-1))
    }

    @Test func conditions() {
        let t = TestNode()
        t.run("SET", "a", "1")
        // No TTL: NX applies, XX does not, GT never (no TTL is infinite), LT always.
        #expect(t.run("EXPIRE", "a", "100", "XX") == .integer(0))
        #expect(t.run("EXPIRE", "a", "100", "GT") == .integer(0))
        #expect(t.run("EXPIRE", "a", "100", "NX") == .integer(1))
        #expect(t.run("EXPIRE", "a", "100", "NX") == .integer(0))
        #expect(t.run("EXPIRE", "a", "200", "XX") == .integer(1))
        #expect(t.run("EXPIRE", "a", "100", "GT") == .integer(0))
        #expect(t.run("EXPIRE", "a", "200", "GT") == .integer(0))
        #expect(t.run("EXPIRE", "a", "300", "GT") == .integer(1))
        #expect(t.run("EXPIRE", "a", "400", "LT") == .integer(0))
        #expect(t.run("EXPIRE", "a", "50", "lt") == .integer(1))
        #expect(t.run("TTL", "a") == .integer(50))
        t.run("SET", "b", "1")
        #expect(t.run("EXPIRE", "b", "100", "LT") == .integer(1))
        #expect(t.run("TTL", "b") == .integer(100))
        #expect(t.run("PEXPIREAT", "b", String(t.now + 5000), "GT") == .integer(0))
        #expect(t.run("PEXPIREAT", "b", String(t.now + 5000), "LT") == .integer(1))
        #expect(t.run("PTTL", "b") == .integer(5000))
    }

    @Test func conditionErrors() {
        let t = TestNode()
        t.run("SET", "a", "1")
        let incompatible = RESPValue.error("ERR NX and XX, GT or LT options at the same time are not compatible")
        #expect(t.run("EXPIRE", "a", "100", "NX", "XX") == incompatible)
        #expect(t.run("EXPIRE", "a", "100", "NX", "GT") == incompatible)
        #expect(t.run("EXPIRE", "a", "100", "GT", "LT") == .error("ERR GT and LT options at the same time are not compatible"))
        #expect(t.run("EXPIRE", "a", "100", "FOO") == .error("ERR Unsupported option FOO"))
        #expect(t.run("EXPIRE", "a", "abc") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("EXPIRE", "a", "1.5") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("EXPIRE", "a") == .error("ERR wrong number of arguments for 'expire' command"))
        #expect(t.run("TTL", "a") == .integer(-1))
    }

    @Test func outOfRangeTimes() {
        let t = TestNode()
        t.run("SET", "a", "1")
        #expect(t.run("EXPIRE", "a", "9223372036854775807") == .error("ERR invalid expire time in 'expire' command"))
        #expect(t.run("EXPIRE", "a", "9223372036854775") == .error("ERR invalid expire time in 'expire' command"))
        #expect(t.run("PEXPIRE", "a", "9223372036854775807") == .error("ERR invalid expire time in 'pexpire' command"))
        #expect(t.run("EXPIREAT", "a", "9223372036854775807") == .error("ERR invalid expire time in 'expireat' command"))
        #expect(t.run("PEXPIREAT", "a", "9223372036854775807") == .integer(1))
        #expect(t.run("PEXPIRETIME", "a") == .integer(Int64.max))
        #expect(t.run("EXPIRE", "a", "-9223372036854775808") == .error("ERR invalid expire time in 'expire' command"))
        #expect(t.run("EXISTS", "a") == .integer(1))
    }

    @Test func aTimeInThePastDeletesTheKey() {
        let t = TestNode()
        t.run("SET", "a", "1")
        #expect(t.run("EXPIRE", "a", "-1") == .integer(1))
        #expect(t.run("EXISTS", "a") == .integer(0))
        t.run("SET", "b", "1")
        #expect(t.run("EXPIREAT", "b", "1") == .integer(1))
        #expect(t.run("EXISTS", "b") == .integer(0))
        t.run("SET", "c", "1")
        #expect(t.run("PEXPIREAT", "c", "0") == .integer(1))
        #expect(t.run("EXISTS", "c") == .integer(0))
        // GT compares with "no TTL" first: a persistent key is never made to expire by GT.
        t.run("SET", "d", "1")
        #expect(t.run("EXPIRE", "d", "-5", "GT") == .integer(0))
        #expect(t.run("EXPIRE", "d", "-5", "LT") == .integer(1))
        #expect(t.run("EXISTS", "d") == .integer(0))
    }

    @Test func propagation() {
        let t = TestNode()
        t.run("SET", "a", "1")
        // Relative times reach the AOF as absolute ones.
        #expect(t.propagated("EXPIRE", "a", "100") == [["PEXPIREAT", "a", String(t.now + 100_000)]])
        #expect(t.propagated("PEXPIRE", "a", "5") == [["PEXPIREAT", "a", String(t.now + 5)]])
        #expect(t.propagated("EXPIREAT", "a", "99999999999") == [["PEXPIREAT", "a", "99999999999000"]])
        #expect(t.propagated("EXPIRE", "a", "100", "NX") == [])
        // Only the name and the time are rewritten: the condition flags travel as given.
        #expect(t.propagated("EXPIRE", "a", "200", "XX") == [["PEXPIREAT", "a", String(t.now + 200_000), "XX"]])
        #expect(t.propagated("pexpireat", "a", "99999999999000", "gt") == [["pexpireat", "a", "99999999999000", "gt"]])
        #expect(t.propagated("PERSIST", "a") == [["PERSIST", "a"]])
        #expect(t.propagated("PERSIST", "a") == [])
        #expect(t.propagated("EXPIRE", "a", "0") == [["DEL", "a"]])
        #expect(t.propagated("EXPIRE", "a", "10") == [])
    }

    @Test func expiryChangesTouchWatchers() {
        let t = TestNode()
        let other = t.connect()
        t.run("SET", "a", "1")
        for change in [["EXPIRE", "a", "100"], ["PERSIST", "a"], ["PEXPIRE", "a", "5000"]] {
            t.run("WATCH", "a")
            t.run(change.map { Array($0.utf8) }, as: other)
            t.run("MULTI")
            t.run("PING")
            #expect(t.run("EXEC") == .array(nil), "\(change)")
        }
    }

    @Test func expiryOnExpiredKeyIsLikeMissing() {
        let t = TestNode()
        t.run("SET", "a", "1", "PX", "10")
        t.advance(milliseconds: 10)
        #expect(t.run("EXPIRE", "a", "100") == .integer(0))
        #expect(t.run("PERSIST", "a") == .integer(0))
        #expect(t.run("TTL", "a") == .integer(-2))
        #expect(t.run("EXPIRETIME", "a") == .integer(-2))
    }
}
