@testable import Capture
import RESP
import Testing

struct RESPRenderingTests {
    @Test func repliesReadAsRedisCliPrintsThem() {
        #expect(RESPRendering.reply(.simpleString("OK")) == "OK")
        #expect(RESPRendering.reply(.bulk("v")) == "\"v\"")
        #expect(RESPRendering.reply(.integer(3)) == "(integer) 3")
        #expect(RESPRendering.reply(.bulkString(nil)) == "(nil)")
        #expect(RESPRendering.reply(.error("ERR no")) == "(error) ERR no")
        #expect(RESPRendering.reply(.array([])) == "(empty array)")
        #expect(RESPRendering.reply(.bulkString([0x61, 0x0A, 0x00, 0x22])) == "\"a\\n\\x00\\\"\"")
    }

    @Test func nestedArraysAreNumberedAndIndented() {
        let value = RESPValue.array([.bulk("a"), .array([.integer(1), .bulk("b")]), .bulkString(nil)])
        #expect(RESPRendering.reply(value) == "1) \"a\"\n2) 1) (integer) 1\n   2) \"b\"\n3) (nil)")
        let ten = RESPValue.array((1...10).map { .integer(Int64($0)) })
        #expect(RESPRendering.reply(ten).split(separator: "\n").first == " 1) (integer) 1")
    }

    @Test func requestsShortenLongArguments() {
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 100)
        #expect(RESPRendering.request([Array("SET".utf8), Array("key".utf8), long]) == "SET key xxxxxxxxxxxxxxxx…(100 bytes)")
        #expect(RESPRendering.request([Array("SET".utf8), Array("a b".utf8), []]) == "SET \"a b\" \"\"")
    }
}
