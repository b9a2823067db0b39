import RESP
import Testing

@testable import RedisServer

/// OBJECT ENCODING of strings: `int` for canonical 64-bit integers, `embstr` up to 44 bytes,
/// `raw` beyond and after in-place edits — and how each command moves a value between them.
@Suite struct StringEncodingTests {
    @Test func encodingOfFreshValues() {
        let t = TestNode()
        for (value, encoding) in [
            ("123", "int"), ("0", "int"), ("-1", "int"), ("-9223372036854775808", "int"),
            ("9223372036854775807", "int"), ("12345678901234567890", "embstr"), ("+1", "embstr"), (" 1", "embstr"),
            ("1 ", "embstr"), ("007", "embstr"), ("-0", "embstr"), ("1.5", "embstr"), ("", "embstr"),
            (String(repeating: "a", count: 44), "embstr"), (String(repeating: "a", count: 45), "raw"),
        ] {
            t.run("SET", "k", value)
            #expect(t.encoding("k") == .bulk(encoding), "\(value)")
        }
    }

    @Test func inPlaceEditsMakeRaw() {
        let t = TestNode()
        t.run("SET", "k", "123")
        t.run("APPEND", "k", "4")
        #expect(t.encoding("k") == .bulk("raw"))
        #expect(t.run("GET", "k") == .bulk("1234"))
        t.run("SET", "k", "abc")
        t.run("APPEND", "k", "d")
        #expect(t.encoding("k") == .bulk("raw"))
        t.run("SET", "k", "0")
        t.run("SETRANGE", "k", "0", "1")
        #expect(t.encoding("k") == .bulk("raw"))
        // An empty SETRANGE edits nothing.
        t.run("SET", "k", "1")
        t.run("SETRANGE", "k", "0", "")
        #expect(t.encoding("k") == .bulk("int"))
        t.run("SET", "e", String(repeating: "a", count: 43))
        t.run("APPEND", "e", "a")
        #expect(t.encoding("e") == .bulk("raw"))
    }

    @Test func appendToAMissingKeyIsLikeSet() {
        let t = TestNode()
        t.run("APPEND", "a", "abc")
        #expect(t.encoding("a") == .bulk("embstr"))
        t.run("APPEND", "n", "123")
        #expect(t.encoding("n") == .bulk("int"))
    }

    @Test func countersStoreIntegers() {
        let t = TestNode()
        t.run("SET", "k", "5")
        t.run("INCRBY", "k", "10")
        #expect(t.encoding("k") == .bulk("int"))
        t.run("APPEND", "k", "0")
        #expect(t.encoding("k") == .bulk("raw"))
        t.run("DECR", "k")
        #expect(t.encoding("k") == .bulk("int"))
        #expect(t.run("GET", "k") == .bulk("149"))
        t.run("GETSET", "k", "abc")
        #expect(t.encoding("k") == .bulk("embstr"))
        t.run("SETNX", "new", "77")
        #expect(t.encoding("new") == .bulk("int"))
        t.run("MSET", "m1", "5", "m2", "abc")
        #expect(t.encoding("m1") == .bulk("int"))
        #expect(t.encoding("m2") == .bulk("embstr"))
        t.run("SETEX", "ex", "100", "42")
        #expect(t.encoding("ex") == .bulk("int"))
        t.run("GETEX", "ex", "PERSIST")
        #expect(t.encoding("ex") == .bulk("int"))
    }

    /// INCRBYFLOAT stores its result as a plain string: `embstr` even when it reads as an
    /// integer (this node used to say `int`).
    @Test func incrbyfloatResultsAreNeverInt() {
        let t = TestNode()
        t.run("SET", "k", "1.5")
        #expect(t.run("INCRBYFLOAT", "k", "1") == .bulk("2.5"))
        #expect(t.encoding("k") == .bulk("embstr"))
        #expect(t.run("INCRBYFLOAT", "k", "0.5") == .bulk("3"))
        #expect(t.encoding("k") == .bulk("embstr"))
        #expect(t.run("INCRBYFLOAT", "new", "7") == .bulk("7"))
        #expect(t.encoding("new") == .bulk("embstr"))
        // Copies keep the encoding; the next overwrite re-encodes.
        t.run("COPY", "k", "k2")
        #expect(t.encoding("k2") == .bulk("embstr"))
        t.run("RENAME", "k2", "k3")
        #expect(t.encoding("k3") == .bulk("embstr"))
        t.run("INCR", "k")
        #expect(t.encoding("k") == .bulk("int"))
        t.run("SET", "new", "7")
        #expect(t.encoding("new") == .bulk("int"))
    }
}
