import NIOCore

/// A minimal HTTP/1.1 response parser for replay, until the decode part's `HTTPStreamDecoder`
/// replaces it: status line, headers, and a body framed by Content-Length, chunked encoding
/// (trailers kept) or the end of the connection; no body after HEAD, 1xx, 204 and 304.
struct MinimalHTTPResponseParser {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let maxHeadBytes = 64 * 1024

    /// One whole response from the front of `buffer` (consumed), nil when more bytes are needed.
    /// `atEOF`: the connection ended, so a body without framing ends here.
    static func parse(_ buffer: inout ByteBuffer, requestMethod: String?, atEOF: Bool) throws(Failure) -> HTTPMessage? {
        var view = buffer
        guard let headEnd = view.readableBytesView.firstRange(of: Array("\r\n\r\n".utf8)) else {
            if view.readableBytes > maxHeadBytes { throw Failure(description: "response head longer than \(maxHeadBytes) bytes") }
            return nil
        }
        let headLength = headEnd.upperBound - view.readerIndex
        guard let head = view.readString(length: headLength) else { return nil }
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast(2)
        guard let statusLine = lines.first else { throw Failure(description: "empty response head") }
        let parts = statusLine.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]), (100...999).contains(status) else {
            throw Failure(description: "bad status line \"\(statusLine.prefix(80))\"")
        }
        let headers = try fields(lines.dropFirst())
        let message = { (body: ByteBuffer, trailers: [HTTPMessage.Field]) in
            HTTPMessage(
                head: .response(version: String(parts[0]), status: status, reason: parts.count > 2 ? String(parts[2]) : ""),
                headers: headers, body: body, trailers: trailers)
        }
        let lower = { (name: String) in headers.first { $0.name.lowercased() == name }?.value }
        if requestMethod == "HEAD" || status < 200 || status == 204 || status == 304 {
            buffer = view
            return message(ByteBuffer(), [])
        }
        if let coding = lower("transfer-encoding"), coding.lowercased().contains("chunked") {
            guard let (body, trailers) = try chunked(&view) else { return nil }
            buffer = view
            return message(body, trailers)
        }
        if let lengthText = lower("content-length") {
            guard let length = Int(lengthText.trimmingSpaces), length >= 0 else {
                throw Failure(description: "bad Content-Length \"\(lengthText.prefix(40))\"")
            }
            guard let body = view.readSlice(length: length) else { return nil }
            buffer = view
            return message(body, [])
        }
        guard atEOF else { return nil }
        let body = view.readSlice(length: view.readableBytes) ?? ByteBuffer()
        buffer = view
        return message(body, [])
    }

    private static func fields(_ lines: ArraySlice<String>) throws(Failure) -> [HTTPMessage.Field] {
        var fields: [HTTPMessage.Field] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw Failure(description: "header line without a colon \"\(line.prefix(80))\"") }
            fields.append(.init(name: String(line[..<colon]), value: String(line[line.index(after: colon)...]).trimmingSpaces))
        }
        return fields
    }

    private static func chunked(_ view: inout ByteBuffer) throws(Failure) -> (ByteBuffer, [HTTPMessage.Field])? {
        var body = ByteBuffer()
        while true {
            guard let line = readLine(&view) else { return nil }
            let sizeText = line.split(separator: ";", maxSplits: 1).first.map { String($0).trimmingSpaces } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw Failure(description: "bad chunk size \"\(line.prefix(40))\"") }
            if size == 0 {
                var trailerLines: [String] = []
                while true {
                    guard let trailer = readLine(&view) else { return nil }
                    if trailer.isEmpty { break }
                    trailerLines.append(trailer)
                }
                return (body, try fields(trailerLines[...]))
            }
            guard var chunk = view.readSlice(length: size), view.readableBytes >= 2 else { return nil }
            guard view.readString(length: 2) == "\r\n" else { throw Failure(description: "chunk not followed by CRLF") }
            body.writeBuffer(&chunk)
        }
    }

    private static func readLine(_ view: inout ByteBuffer) -> String? {
        guard let end = view.readableBytesView.firstRange(of: Array("\r\n".utf8)) else { return nil }
        let line = view.readString(length: end.lowerBound - view.readerIndex)
        view.moveReaderIndex(forwardBy: 2)
        return line
    }
}

/// The parser as a pipeline stage; request methods come from the session in send order.
struct MinimalHTTPResponseDecoder: ByteToMessageDecoder {
    typealias InboundOut = HTTPMessage
    let methods: HTTPRequestMethods

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        try decode(context: context, buffer: &buffer, atEOF: false)
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer, atEOF: seenEOF)
    }

    private func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer, atEOF: Bool) throws -> DecodingState {
        guard buffer.readableBytes > 0,
            let response = try MinimalHTTPResponseParser.parse(&buffer, requestMethod: methods.queue.first, atEOF: atEOF)
        else { return .needMoreData }
        if case .response(_, let status, _) = response.head, status >= 200 { _ = methods.queue.popFirst() }
        context.fireChannelRead(wrapInboundOut(response))
        return .continue
    }
}

/// Methods of the requests sent and not yet answered, so a response to HEAD is read without a
/// body. Shared by the session and its decoder on one event loop.
final class HTTPRequestMethods: @unchecked Sendable {
    var queue = CircularBuffer<String>()
}
