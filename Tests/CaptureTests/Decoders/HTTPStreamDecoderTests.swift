import Capture
import NIOCore
import Testing

@Suite struct HTTPStreamDecoderTests {
    static func request(_ method: String, _ target: String, _ headers: [(String, String)], body: String = "", trailers: [(String, String)] = [])
        -> ApplicationMessage
    {
        .http(
            HTTPMessage(
                head: .request(method: method, target: target, version: "HTTP/1.1"), headers: headers.map { .init(name: $0.0, value: $0.1) },
                body: ByteBuffer(string: body), trailers: trailers.map { .init(name: $0.0, value: $0.1) }))
    }

    static func response(_ status: Int, _ reason: String, _ headers: [(String, String)], body: String = "") -> ApplicationMessage {
        .http(
            HTTPMessage(
                head: .response(version: "HTTP/1.1", status: status, reason: reason), headers: headers.map { .init(name: $0.0, value: $0.1) },
                body: ByteBuffer(string: body)))
    }

    @Test func requestsWithLengthChunkedAndNoBodyAtEverySplit() {
        let stream = [UInt8](
            text: "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                + "\r\nPUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n10\r\n0123456789abcdef\r\n0\r\nX-Sum:  9 \r\n\r\n")
        let (whole, disagreeing) = DecoderFeeding.splitsAgree(HTTPStreamDecoder(direction: .requests), stream)
        #expect(disagreeing.isEmpty, "\(disagreeing)")
        #expect(whole.error == nil)
        #expect(
            whole.messages == [
                Self.request("GET", "/a", [("Host", "x")]), Self.request("POST", "/b", [("Content-Length", "5")], body: "hello"),
                Self.request("PUT", "/c", [("Transfer-Encoding", "chunked")], body: "abc0123456789abcdef", trailers: [("X-Sum", "9")]),
            ])
        // The empty line before PUT is skipped: the request starts after it.
        #expect(whole.offsets == [0, 28, 74])
    }

    @Test func responsesFollowTheirRequestsMethods() {
        var decoder = HTTPStreamDecoder(direction: .responses)
        for method in ["HEAD", "GET", "GET", "GET", "GET"] { decoder.expectResponse(toRequestMethod: method) }
        let stream = [UInt8](
            text: "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n"  // HEAD: no body despite the length
                + "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"  // 1xx does not use up the GET
                + "HTTP/1.1 304 Not Modified\r\nContent-Length: 4\r\n\r\n"
                + "HTTP/1.1 200\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"
                + "HTTP/1.0 200 OK\r\n\r\nuntil the end")
        let (whole, disagreeing) = DecoderFeeding.splitsAgree(decoder, stream)
        #expect(disagreeing.isEmpty, "\(disagreeing)")
        #expect(whole.error == nil)
        var last = HTTPMessage(head: .response(version: "HTTP/1.0", status: 200, reason: "OK"), headers: [], body: ByteBuffer(string: "until the end"))
        last.trailers = []
        #expect(
            whole.messages == [
                Self.response(200, "OK", [("Content-Length", "99")]), Self.response(100, "Continue", []), Self.response(204, "No Content", []),
                Self.response(304, "Not Modified", [("Content-Length", "4")]),
                Self.response(200, "", [("Transfer-Encoding", "chunked")], body: "ok"), .http(last),
            ])
    }

    @Test func aCloseDelimitedBodyNeedsFinish() {
        let decoded = DecoderFeeding.decode(HTTPStreamDecoder(direction: .responses), [UInt8](text: "HTTP/1.1 200 OK\r\n\r\npartial"), finish: false)
        #expect(decoded.messages.isEmpty && decoded.error == nil)
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\nHost: x\r\n\r\n", "bare LF", 0 as Int64),
        ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", "not a token", 0),
        // A bare CR inside a field must not split it into two (Transfer-Encoding would frame the body).
        ("POST / HTTP/1.1\r\nX: a\rTransfer-Encoding: chunked\r\n\r\n", "has control bytes", 0),
        ("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n", "obsolete line folding", 0),
        ("GET / HTTP/2.0\r\n\r\n", "not HTTP/1.0 or HTTP/1.1", 0),
        ("GET /\r\n\r\n", "not METHOD TARGET VERSION", 0),
        ("GET / HTTP/1.1\r\n\r\nPOST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", "request smuggling", 18),
        ("POST / HTTP/1.1\r\nContent-Length: 3, 4\r\n\r\n", "different values", 0),
        ("POST / HTTP/1.1\r\nContent-Length: -3\r\n\r\n", "not a number", 0),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", "does not end in chunked", 0),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "where a hex digit belongs", 47),
        ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n", "not followed by CRLF", 52),
        ("GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\n\r\n", "longer than 8192", 0),
        ("GET / HTTP/1.1\r\n" + String(repeating: "A: b\r\n", count: 300) + "\r\n", "more than 256 header fields", 0),
        ("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HT", "stream ended 8 bytes into an HTTP request head", 27),
        ("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc", "stream ended 3 bytes into a body of 10 bytes", 0),
    ])
    func malformedRequestsStopWithTheirOffset(stream: String, reason: String, offset: Int64) {
        let decoded = DecoderFeeding.decode(HTTPStreamDecoder(direction: .requests), [UInt8](text: stream))
        #expect(decoded.failed(at: offset, mentioning: reason), "\(String(describing: decoded.error))")
    }

    @Test func bytesAfterSwitchingProtocolsAreAProblem() {
        let decoded = DecoderFeeding.decode(
            HTTPStreamDecoder(direction: .responses), [UInt8](text: "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u{81}\u{1}x"))
        #expect(decoded.messages.count == 1)
        #expect(decoded.error?.reason.contains("switched protocols") == true)
    }
}
