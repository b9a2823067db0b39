import Testing

@testable import Mesh

/// The id conversions each original applied to its path.
@Suite struct ServiceParsingTests {
    @Test(arguments: [
        ("0", "0"), (" 12 ", "12"), ("-5", "-5"), ("0x1A", "26"), ("0b101", "5"), ("010", "8"), ("1_000", "1000"),
        ("123456789012345678901234", "123456789012345678901234"),
    ])
    func rubyIntegerAccepts(text: String, value: String) {
        #expect(RubyInteger.parse(text) == value)
    }

    @Test(arguments: ["", "abc", "1a", "08", "1__0", "_1", "1_", "0x", "details"])
    func rubyIntegerRefuses(text: String) {
        #expect(RubyInteger.parse(text) == nil)
    }

    @Test(arguments: [("0", 0.0), ("12abc", 12), ("0x1f", 31), ("-3", -3), ("  7", 7), ("0?x=1", 0)] as [(String, Double)])
    func javaScriptParseInt(text: String, value: Double) {
        #expect(JavaScriptParseInt.parse(text) == value)
    }

    @Test(arguments: ["", "abc", "-", "0x", "x1"])
    func javaScriptParseIntIsNaN(text: String) {
        #expect(JavaScriptParseInt.parse(text) == nil)
    }

    @Test func javaIntegerValueOf() {
        #expect(JavaInt.parse("+7") == 7)
        #expect(JavaInt.parse("2147483647") == Int32.max)
        #expect(JavaInt.parse("2147483648") == nil)
        #expect(JavaInt.parse("0x1") == nil)
        #expect(JavaInt.intValue(of: 4.9) == 4)
        #expect(JavaInt.intValue(of: -4.9) == -4)
    }
}
