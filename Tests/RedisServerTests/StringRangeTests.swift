import RESP
import Testing

@testable import RedisServer

/// SETRANGE and GETRANGE at their edges, INCRBYFLOAT's errors, and values larger than the
/// small-string sizes.
@Suite struct StringRangeTests {
    @Test func setrangeWithAnEmptyPatchChangesNothing() {
        let t = TestNode()
        #expect(t.run("SETRANGE", "k", "0", "") == .integer(0))
        #expect(t.run("SETRANGE", "k", "5", "") == .integer(0))
        #expect(t.run("EXISTS", "k") == .integer(0))
        t.run("SET", "s", "hello")
        #expect(t.run("SETRANGE", "s", "1", "") == .integer(5))
        // Not even the size limit is checked then.
        #expect(t.run("SETRANGE", "s", "2000000000", "") == .integer(5))
        #expect(t.propagated("SETRANGE", "s", "1", "") == [])
    }

    @Test func setrangePadsWithZeroBytes() {
        let t = TestNode()
        t.run("SET", "s", "hello")
        #expect(t.run("SETRANGE", "s", "10", "x") == .integer(11))
        #expect(t.run("GET", "s") == .bulkString(Array("hello".utf8) + [0, 0, 0, 0, 0] + Array("x".utf8)))
        #expect(t.run("SETRANGE", "s", "0", "HE") == .integer(11))
        #expect(t.run("GETRANGE", "s", "0", "4") == .bulk("HEllo"))
        t.run("SET", "n", "1234")
        #expect(t.run("SETRANGE", "n", "1", "x") == .integer(4))
        #expect(t.run("GET", "n") == .bulk("1x34"))
    }

    @Test func setrangeErrors() {
        let t = TestNode()
        #expect(t.run("SETRANGE", "k", "-1", "x") == .error("ERR offset is out of range"))
        #expect(t.run("SETRANGE", "k", "x", "x") == .error("ERR value is not an integer or out of range"))
        t.run("RPUSH", "l", "a")
        let wrongType = RESPValue.error("WRONGTYPE Operation against a key holding the wrong kind of value")
        #expect(t.run("SETRANGE", "l", "0", "x") == wrongType)
        #expect(t.run("SETRANGE", "l", "0", "") == wrongType)
        #expect(t.run("GETRANGE", "l", "0", "1") == wrongType)
        // A huge offset is a size error, not an arithmetic overflow.
        let tooBig = RESPValue.error("ERR string exceeds maximum allowed size (proto-max-bulk-len)")
        #expect(t.run("SETRANGE", "k", "9223372036854775807", "x") == tooBig)
        #expect(t.run("SETRANGE", "k", "536870912", "x") == tooBig)
    }

    @Test func setrangeRespectsProtoMaxBulkLen() {
        let t = TestNode()
        t.run("CONFIG", "SET", "proto-max-bulk-len", "1048576")
        #expect(t.run("SETRANGE", "k", "1048575", "x") == .integer(1_048_576))
        #expect(t.run("STRLEN", "k") == .integer(1_048_576))
        #expect(
            t.run("SETRANGE", "k2", "1048576", "x")
                == .error("ERR string exceeds maximum allowed size (proto-max-bulk-len)"))
        #expect(t.run("EXISTS", "k2") == .integer(0))
        #expect(t.run("APPEND", "k", "x") == .error("ERR string exceeds maximum allowed size (proto-max-bulk-len)"))
    }

    @Test func getrangeNormalisation() {
        let t = TestNode()
        t.run("SET", "s", "Hello")
        #expect(t.run("GETRANGE", "s", "0", "-1") == .bulk("Hello"))
        #expect(t.run("GETRANGE", "s", "-100", "-1") == .bulk("Hello"))
        #expect(t.run("GETRANGE", "s", "0", "100") == .bulk("Hello"))
        #expect(t.run("GETRANGE", "s", "3", "1") == .bulk(""))
        #expect(t.run("GETRANGE", "s", "-1", "-2") == .bulk(""))
        #expect(t.run("GETRANGE", "s", "-1", "-1") == .bulk("o"))
        #expect(t.run("GETRANGE", "s", "100", "200") == .bulk(""))
        // A start before the string is clamped to 0, and so is an end.
        #expect(t.run("GETRANGE", "s", "-100", "-90") == .bulk("H"))
        #expect(t.run("GETRANGE", "s", "3", "-100") == .bulk(""))
        #expect(t.run("GETRANGE", "s", "9223372036854775807", "9223372036854775807") == .bulk(""))
        #expect(t.run("GETRANGE", "s", "-9223372036854775808", "-9223372036854775808") == .bulk("H"))
        #expect(t.run("GETRANGE", "s", "0", "-9223372036854775808") == .bulk("H"))
        #expect(t.run("SUBSTR", "s", "0", "2") == .bulk("Hel"))
        #expect(t.run("GETRANGE", "s", "x", "1") == .error("ERR value is not an integer or out of range"))
        #expect(t.run("GETRANGE", "nokey", "0", "-1") == .bulk(""))
        #expect(t.run("GETRANGE", "nokey", "0", "x") == .error("ERR value is not an integer or out of range"))
        t.run("SET", "e", "")
        #expect(t.run("GETRANGE", "e", "0", "-1") == .bulk(""))
        #expect(t.run("GETRANGE", "e", "-1", "0") == .bulk(""))
    }

    @Test func getrangeOnAnIntegerValue() {
        let t = TestNode()
        t.run("SET", "n", "-12345")
        #expect(t.run("GETRANGE", "n", "1", "3") == .bulk("123"))
        #expect(t.run("STRLEN", "n") == .integer(6))
    }

    @Test func incrbyfloatErrors() {
        let t = TestNode()
        let notFloat = RESPValue.error("ERR value is not a valid float")
        t.run("SET", "f", "1.5")
        for bad in ["x", "nan", "1e5000", "", " 1"] {
            #expect(t.run("INCRBYFLOAT", "f", bad) == notFloat, "\(bad)")
        }
        #expect(t.run("INCRBYFLOAT", "f", "inf") == .error("ERR increment would produce NaN or Infinity"))
        #expect(t.run("INCRBYFLOAT", "f", "-inf") == .error("ERR increment would produce NaN or Infinity"))
        for stored in ["abc", " 1", "1 ", ""] {
            t.run("SET", "s", stored)
            #expect(t.run("INCRBYFLOAT", "s", "1") == notFloat, "\(stored)")
        }
        t.run("RPUSH", "l", "a")
        #expect(
            t.run("INCRBYFLOAT", "l", "1") == .error("WRONGTYPE Operation against a key holding the wrong kind of value"))
        #expect(t.run("GET", "f") == .bulk("1.5"))
        #expect(t.run("INCRBYFLOAT", "new", "inf") == .error("ERR increment would produce NaN or Infinity"))
        #expect(t.run("EXISTS", "new") == .integer(0))
    }

    @Test func incrbyfloatFormats() {
        let t = TestNode()
        #expect(t.run("INCRBYFLOAT", "f", "0x10") == .bulk("16"))
        #expect(t.run("INCRBYFLOAT", "f", "1.0e1") == .bulk("26"))
        #expect(t.run("INCRBYFLOAT", "f", "-3.0e-5") == .bulk("25.99997"))
        t.run("SET", "t", "1", "EX", "100")
        #expect(t.run("INCRBYFLOAT", "t", "1") == .bulk("2"))
        #expect(t.run("TTL", "t") == .integer(100))
        #expect(t.propagated("INCRBYFLOAT", "t", "0.5") == [["SET", "t", "2.5", "KEEPTTL"]])
        #if arch(x86_64) || arch(i386)
        // The long double nearest 1e308 is a little below it, printed in full.
        let huge = t.run("INCRBYFLOAT", "h", "1e308")
        #expect(huge.string?.count == 308)
        #expect(huge.string?.hasPrefix("99999999999999999996685879655845645660560099847415567207797047994921") == true)
        #endif
    }

    @Test func bigValues() {
        let t = TestNode()
        let big = String(repeating: "a", count: 158)
        t.run("SET", "k", big)
        #expect(t.run("STRLEN", "k") == .integer(158))
        #expect(t.run("GETRANGE", "k", "100", "110") == .bulk(String(repeating: "a", count: 11)))
        #expect(t.run("SETRANGE", "k", "1000", "b") == .integer(1001))
        #expect(t.run("APPEND", "k", "ccc") == .integer(1004))
        #expect(t.run("GETRANGE", "k", "-4", "-1") == .bulk("bccc"))
        let megabyte = String(repeating: "z", count: 1 << 20)
        #expect(t.run("SET", "m", megabyte) == .simpleString("OK"))
        #expect(t.run("GET", "m") == .bulk(megabyte))
        #expect(t.run("STRLEN", "m") == .integer(1 << 20))
    }
}
