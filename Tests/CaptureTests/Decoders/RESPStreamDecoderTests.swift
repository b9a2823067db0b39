import Capture
import NIOCore
import RESP
import Testing

@Suite struct RESPStreamDecoderTests {
    static func command(_ words: String...) -> ApplicationMessage { .resp(.array(words.map { .bulk($0) })) }

    @Test func requestsMultibulkAndInlineAtEverySplit() {
        let stream = [UInt8](text: "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\nPING\r\n\r\n*0\r\nset \"a b\" 'c'\r\n*1\r\n$4\r\nPING\r\n")
        let (whole, disagreeing) = DecoderFeeding.splitsAgree(RESPStreamDecoder(direction: .requests), stream)
        #expect(disagreeing.isEmpty, "\(disagreeing)")
        #expect(whole.error == nil)
        // The blank line and *0 are skipped, as Redis does, without a reply.
        #expect(whole.messages == [Self.command("SET", "key", "va\r\nl"), Self.command("PING"), Self.command("set", "a b", "c"), Self.command("PING")])
        #expect(whole.offsets == [0, 33, 45, 60])
    }

    @Test func repliesOfEveryRESP3TypeAtEverySplit() {
        let stream = [UInt8](
            text: "+OK\r\n-ERR no\r\n:-42\r\n$-1\r\n$4\r\na\r\nb\r\n*2\r\n*1\r\n:1\r\n$0\r\n\r\n*-1\r\n_\r\n,1.5\r\n#t\r\n(123\r\n=7\r\ntxt:abc\r\n"
                + "%1\r\n+k\r\n~1\r\n+v\r\n>2\r\n+message\r\n+x\r\n|1\r\n+ttl\r\n:3\r\n+decorated\r\n*0\r\n")
        let (whole, disagreeing) = DecoderFeeding.splitsAgree(RESPStreamDecoder(direction: .replies), stream)
        #expect(disagreeing.isEmpty, "\(disagreeing)")
        #expect(whole.error == nil)
        let expected: [RESPValue] = [
            .simpleString("OK"), .error("ERR no"), .integer(-42), .bulkString(nil), .bulk("a\r\nb"),
            .array([.array([.integer(1)]), .bulk("")]), .array(nil), .null, .double(1.5), .boolean(true), .bigNumber("123"),
            .verbatim(format: "txt", text: "abc"), .map([.init(.simpleString("k"), .set([.simpleString("v")]))]),
            .push([.simpleString("message"), .simpleString("x")]), .simpleString("decorated"), .array([]),
        ]
        #expect(whole.messages == expected.map { .resp($0) })
        #expect(whole.offsets.prefix(4) == [0, 5, 14, 20])
    }

    @Test(arguments: [
        ("*2\r\n$3\r\nGET\r\n$x\r\n", "invalid bulk length", 0 as Int64),
        ("PING\r\n*1\r\n%4\r\nPING\r\n", "expected '$', got '%'", 6),
        ("PING\r\nset \"a\r\n", "unbalanced quotes", 6),
    ])
    func malformedRequestsStopWithTheirOffset(stream: String, reason: String, offset: Int64) {
        let decoded = DecoderFeeding.decode(RESPStreamDecoder(direction: .requests), [UInt8](text: stream))
        #expect(decoded.failed(at: offset, mentioning: reason), "\(String(describing: decoded.error))")
    }

    @Test(arguments: [
        ("+OK\r\n?what\r\n", "unknown type byte '?'", 5 as Int64),
        ("+OK\r\n$9223372036854775807\r\n", "bad length", 5),
        ("$3\r\nabcd\r\n", "not followed by CRLF", 0),
        ("+OK\rX", "CR not followed by LF", 0),
        ("%-1\r\n", "bad length", 0),
        (":12x\r\n", "bad integer", 0),
        (String(repeating: "*1\r\n", count: 300) + ":1\r\n", "nesting deeper than 256", 0),
    ])
    func malformedRepliesStopWithTheirOffset(stream: String, reason: String, offset: Int64) {
        let decoded = DecoderFeeding.decode(RESPStreamDecoder(direction: .replies), [UInt8](text: stream))
        #expect(decoded.failed(at: offset, mentioning: reason), "\(String(describing: decoded.error))")
    }

    @Test func aReplyLineLongerThanTheLimitIsAnErrorNotAWait() {
        let decoded = DecoderFeeding.decode(RESPStreamDecoder(direction: .replies), [UInt8](text: "+" + String(repeating: "a", count: (1 << 20) + 10)), finish: false)
        #expect(decoded.error?.reason.contains("longer than") == true)
    }

    @Test func aStreamEndingInsideAMessageIsReportedWhereTheMessageStarts() {
        let requests = DecoderFeeding.decode(RESPStreamDecoder(direction: .requests), [UInt8](text: "PING\r\n*2\r\n$3\r\nGET\r\n$10\r\nab"))
        #expect(requests.messages == [Self.command("PING")])
        #expect(requests.error == MessageDecodingError(streamOffset: 6, reason: "stream ended 20 bytes into a RESP request"))
        let replies = DecoderFeeding.decode(RESPStreamDecoder(direction: .replies), [UInt8](text: "+OK\r\n$12\r\nabc"))
        #expect(replies.error == MessageDecodingError(streamOffset: 5, reason: "stream ended 8 bytes into a RESP reply"))
    }

    @Test func afterAnErrorLaterBytesAreIgnored() throws {
        var decoder = RESPStreamDecoder(direction: .replies)
        decoder.append(ByteBuffer(string: "?\r\n"))
        #expect(throws: MessageDecodingError.self) { try decoder.next() }
        decoder.append(ByteBuffer(string: "+OK\r\n"))
        #expect(try decoder.next() == nil)
        #expect(try decoder.finish() == nil)
    }
}
