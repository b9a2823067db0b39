import NIOCore
import Testing

@testable import RESP

@Suite struct RESPRequestParserTests {
    /// Parses everything in `input`, feeding it in pieces of `chunk` bytes, as a socket would.
    func parseAll(_ input: String, chunk: Int = .max, limits: RESPLimits = RESPLimits()) throws(RESPProtocolError)
        -> [[String]]
    {
        var parser = RESPRequestParser(limits: limits)
        var buffer = ByteBuffer()
        var args: [ByteBuffer] = []
        var out: [[String]] = []
        let bytes = Array(input.utf8)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            buffer.writeBytes(bytes[offset..<end])
            offset = end
            while try parser.parse(&buffer, into: &args) {
                out.append(args.map { String(buffer: $0) })
                args.removeAll()
            }
        }
        return out
    }

    @Test func multibulk() throws {
        #expect(try parseAll("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n") == [["SET", "k", "hello"]])
    }

    @Test func pipelinedAndSplitAtEveryByte() throws {
        let input = "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET\r\n$3\r\nkey\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$0\r\n\r\n"
        let expected = [["PING"], ["GET", "key"], ["PING"], ["ECHO", ""]]
        for chunk in 1...input.utf8.count {
            #expect(try parseAll(input, chunk: chunk) == expected, "chunk size \(chunk)")
        }
    }

    @Test func inlineCommandsWithQuotes() throws {
        #expect(try parseAll("SET k \"a b\\n\\x41\" 'it\\'s'\r\n") == [["SET", "k", "a b\nA", "it's"]])
        #expect(try parseAll("PING\n") == [["PING"]])
        // An empty line is a request of no arguments, which the server ignores.
        #expect(try parseAll("\r\nPING\r\n") == [[], ["PING"]])
    }

    /// Redis reads an inline line as a C string: a NUL ends it.
    @Test func nulEndsAnInlineRequest() throws {
        #expect(try parseAll("SET k v\u{0}ignored words\r\n") == [["SET", "k", "v"]])
    }

    @Test func emptyMultibulkIsIgnorable() throws {
        #expect(try parseAll("*0\r\n*-1\r\n*1\r\n$4\r\nPING\r\n") == [[], [], ["PING"]])
    }

    @Test func binarySafeBulk() throws {
        var parser = RESPRequestParser()
        var buffer = ByteBuffer(bytes: Array("*1\r\n$4\r\n".utf8) + [0, 13, 10, 255] + Array("\r\n".utf8))
        var args: [ByteBuffer] = []
        #expect(try parser.parse(&buffer, into: &args))
        #expect(Array(args[0].readableBytesView) == [0, 13, 10, 255])
    }

    @Test func errorsUseRedisTexts() {
        func error(_ input: String, limits: RESPLimits = RESPLimits()) -> String? {
            do {
                _ = try parseAll(input, limits: limits)
                return nil
            } catch {
                return error.description
            }
        }
        #expect(error("*abc\r\n") == "Protocol error: invalid multibulk length")
        #expect(error("*1\r\nfoo\r\n") == "Protocol error: expected '$', got 'f'")
        #expect(error("*1\r\n$-5\r\n") == "Protocol error: invalid bulk length")
        #expect(error("*1\r\n$x\r\n") == "Protocol error: invalid bulk length")
        #expect(error("*1\r\n$600000000\r\n") == "Protocol error: invalid bulk length")
        #expect(error("*1\r\n$99999999999999999999999\r\n") == "Protocol error: invalid bulk length")
        #expect(error("*3000000000\r\n") == "Protocol error: invalid multibulk length")
        #expect(error("SET k \"unterminated\r\n") == "Protocol error: unbalanced quotes in request")
        #expect(error(String(repeating: "a", count: 70000)) == "Protocol error: too big inline request")
        #expect(error("*" + String(repeating: "1", count: 70000)) == "Protocol error: too big mbulk count string")
        #expect(error("*1\r\n$" + String(repeating: "1", count: 70000)) == "Protocol error: too big bulk count string")
    }

    @Test func unauthenticatedLimits() {
        var parser = RESPRequestParser()
        parser.authenticationRequired = true
        var buffer = ByteBuffer(string: "*11\r\n")
        var args: [ByteBuffer] = []
        #expect(throws: RESPProtocolError.unauthenticatedMultibulkLength) { try parser.parse(&buffer, into: &args) }
        var other = RESPRequestParser()
        other.authenticationRequired = true
        var big = ByteBuffer(string: "*2\r\n$4\r\nAUTH\r\n$20000\r\n")
        #expect(throws: RESPProtocolError.unauthenticatedBulkLength) { try other.parse(&big, into: &args) }
    }

    /// A big value arriving in pieces is appended into room reserved once, and the pieces
    /// already parsed are owned by the parser (so appending never copies them again).
    @Test func bigBulkAcrossManyReads() throws {
        let value = String(repeating: "x", count: 200_000)
        let input = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$200000\r\n\(value)\r\n"
        let parsed = try parseAll(input, chunk: 4096)
        #expect(parsed.count == 1 && parsed[0][2] == value)
    }

    @Test func strictIntegers() {
        func parse(_ s: String) -> Int64? { parseStrictInt64(Array(s.utf8)) }
        #expect(parse("0") == 0)
        #expect(parse("-9223372036854775808") == Int64.min)
        #expect(parse("9223372036854775807") == Int64.max)
        #expect(parse("9223372036854775808") == nil)
        #expect(parse("01") == nil)
        #expect(parse("-0") == nil)
        #expect(parse("+1") == nil)
        #expect(parse(" 1") == nil)
        #expect(parse("") == nil)
    }
}
