import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One direction of an HTTP/1.1 connection: requests, or the responses to them. Bodies framed
/// by Content-Length, chunked (with trailers) or, for responses, by the connection's close
/// (given by `finish()`); responses to HEAD and 1xx/204/304 have none. Bounded: a line, a
/// head, a header count or a body past `Limits` is an error, as are heads a strict server
/// refuses (`HTTPHeadParser`, `HTTPBodyFraming`).
///
/// A responses decoder learns what each response answers through `expectResponse(toRequestMethod:)`,
/// called once per request in order; without one it assumes a method whose response has a body.
public struct HTTPStreamDecoder: MessageStreamDecoder {
    public enum Direction: Sendable {
        case requests
        case responses
    }

    public struct Limits: Sendable {
        /// Longest start line, header line or chunk-size line.
        public var maxLineLength: Int
        /// Longest head: start line, fields and the empty line.
        public var maxHeadSize: Int
        public var maxHeaderFields: Int
        public var maxBodySize: Int

        public init(maxLineLength: Int = 8 << 10, maxHeadSize: Int = 64 << 10, maxHeaderFields: Int = 256, maxBodySize: Int = 256 << 20) {
            self.maxLineLength = maxLineLength
            self.maxHeadSize = maxHeadSize
            self.maxHeaderFields = maxHeaderFields
            self.maxBodySize = maxBodySize
        }
    }

    private enum State {
        case head
        case fixedBody(Int)
        case chunkSize
        case chunkData(Int)
        case chunkEnd
        case trailers
        case untilClose
        /// After 101 Switching Protocols or a CONNECT tunnel: nothing more is HTTP/1.1.
        case switched
        case failed
    }

    public let direction: Direction
    public let limits: Limits
    private var input = StreamInput()
    private var state = State.head
    /// The message being read, and its body kept apart so appending to it never copies it whole.
    private var message = HTTPMessage(head: .request(method: "", target: "", version: ""), headers: [], body: ByteBuffer())
    private var body = ByteBuffer()
    private var trailerBytes = 0
    /// Where the head being searched for its end has its next line.
    private var headLineStart = 0
    private var headLines = 0
    private var messageStart: Int64 = 0
    private var requestMethods = CircularBuffer<String>()
    public private(set) var lastMessageOffset: Int64 = 0

    public init(direction: Direction, limits: Limits = Limits()) {
        self.direction = direction
        self.limits = limits
    }

    public var nextMessageOffset: Int64 {
        if case .head = state { return input.offset }
        return messageStart
    }

    /// The next response answers a request with this method (HEAD's has no body, CONNECT's 2xx
    /// opens a tunnel).
    public mutating func expectResponse(toRequestMethod method: String) {
        requestMethods.append(method)
    }

    public mutating func append(_ bytes: ByteBuffer) {
        if case .failed = state { return }
        input.append(bytes)
    }

    public mutating func next() throws(MessageDecodingError) -> ApplicationMessage? {
        while true {
            switch state {
            case .failed:
                return nil
            case .head:
                guard let headLength = try findHead() else { return nil }
                if let message = try startMessage(headLength: headLength) { return message }
            case .fixedBody(let remaining):
                guard input.readableBytes >= remaining, let slice = input.buffer.getSlice(at: input.buffer.readerIndex, length: remaining)
                else { return nil }
                input.consume(remaining)
                body = slice
                return complete()
            case .chunkSize:
                guard let length = try line(what: "chunk size line") else { return nil }
                let size = try chunkSize(lineLength: length)
                input.consume(length + 2)
                state = size == 0 ? .trailers : .chunkData(size)
            case .chunkData(let remaining):
                guard input.readableBytes > 0 else { return nil }
                let taken = min(remaining, input.readableBytes)
                if let slice = input.buffer.getSlice(at: input.buffer.readerIndex, length: taken) { body.writeImmutableBuffer(slice) }
                input.consume(taken)
                state = taken == remaining ? .chunkEnd : .chunkData(remaining - taken)
            case .chunkEnd:
                guard input.readableBytes >= 2 else { return nil }
                guard input.byte(at: 0) == 13, input.byte(at: 1) == 10 else {
                    throw fail(at: input.offset, "chunk data not followed by CRLF (chunk longer than its size?)")
                }
                input.consume(2)
                state = .chunkSize
            case .trailers:
                guard let length = try line(what: "trailer line") else { return nil }
                if length == 0 {
                    input.consume(2)
                    return complete()
                }
                trailerBytes += length + 2
                guard trailerBytes <= limits.maxHeadSize, message.trailers.count < limits.maxHeaderFields else {
                    throw fail(at: messageStart, "trailers larger than the \(limits.maxHeadSize) bytes or \(limits.maxHeaderFields) fields accepted")
                }
                let field = try parse { raw throws(HTTPHeadParser.Failure) in try HTTPHeadParser.parseField(UnsafeRawBufferPointer(rebasing: raw[..<length])) }
                message.trailers.append(field)
                input.consume(length + 2)
            case .untilClose:
                guard input.readableBytes > 0 else { return nil }
                guard body.readableBytes + input.readableBytes <= limits.maxBodySize else {
                    throw fail(at: messageStart, "response body delimited by close is longer than the \(limits.maxBodySize) bytes accepted")
                }
                body.writeImmutableBuffer(input.buffer)
                input.consume(input.readableBytes)
                return nil
            case .switched:
                guard input.readableBytes == 0 else {
                    throw fail(at: input.offset, "the connection switched protocols (101 or CONNECT); what follows is not HTTP/1.1")
                }
                return nil
            }
        }
    }

    public mutating func finish() throws(MessageDecodingError) -> ApplicationMessage? {
        if let message = try next() { return message }
        switch state {
        case .failed, .switched:
            return nil
        case .untilClose:
            return complete()
        case .head:
            guard input.readableBytes > 0 else { return nil }
            throw fail(at: input.offset, "stream ended \(input.readableBytes) bytes into an HTTP \(kind) head")
        case .fixedBody(let remaining):
            throw fail(at: messageStart, "stream ended \(input.readableBytes) bytes into a body of \(remaining) bytes")
        case .chunkSize, .chunkData, .chunkEnd, .trailers:
            throw fail(at: messageStart, "stream ended inside a chunked body (\(body.readableBytes) bytes read)")
        }
    }

    private var kind: String { direction == .requests ? "request" : "response" }

    // MARK: - The head

    /// The length of the whole head (through its empty line), nil when it has not all arrived.
    private mutating func findHead() throws(MessageDecodingError) -> Int? {
        if direction == .requests, headLineStart == 0 {
            // RFC 9112 §2.2: empty lines before a request line are ignored.
            while input.byte(at: 0) == 13 || input.byte(at: 0) == 10 {
                guard input.readableBytes >= 2 else { return nil }
                guard input.byte(at: 0) == 13, input.byte(at: 1) == 10 else { throw fail(at: input.offset, "a bare CR or LF before a request") }
                input.consume(2)
            }
        }
        messageStart = input.offset
        while true {
            let searched = min(input.readableBytes - headLineStart, limits.maxLineLength + 2)
            let found = input.buffer.withUnsafeReadableBytes { raw -> Int? in
                guard searched > 0, let base = raw.baseAddress, let hit = memchr(base + headLineStart, 10, searched) else { return nil }
                return base.distance(to: UnsafeRawPointer(hit))
            }
            guard let lf = found else {
                if input.readableBytes - headLineStart > limits.maxLineLength + 1 {
                    throw fail(at: messageStart, "a \(kind) head line longer than \(limits.maxLineLength) bytes")
                }
                return nil
            }
            guard lf > headLineStart, input.byte(at: lf - 1) == 13 else {
                throw fail(at: messageStart, "a line of the \(kind) head ends with a bare LF")
            }
            let isEmpty = lf - 1 == headLineStart
            headLineStart = lf + 1
            guard headLineStart <= limits.maxHeadSize else {
                throw fail(at: messageStart, "the \(kind) head is larger than the \(limits.maxHeadSize) bytes accepted")
            }
            if isEmpty {
                guard headLines > 0 else { throw fail(at: messageStart, "an empty line where the \(kind) line should be") }
                defer { headLineStart = 0; headLines = 0 }
                return headLineStart
            }
            headLines += 1
            guard headLines <= limits.maxHeaderFields + 1 else {
                throw fail(at: messageStart, "more than \(limits.maxHeaderFields) header fields")
            }
        }
    }

    /// Parses the head and decides how the body is framed; returns the message when it has no body.
    private mutating func startMessage(headLength: Int) throws(MessageDecodingError) -> ApplicationMessage? {
        let isRequest = direction == .requests
        let parsed = try parse { (raw) throws(HTTPHeadParser.Failure) -> HTTPMessage in
            var lineStart = 0
            var head: HTTPMessage.Head?
            var fields: [HTTPMessage.Field] = []
            // Every line ends with CRLF (checked while finding the head); the last is the empty one.
            // Lines are cut at the LF, so a bare CR inside a line stays in it and is refused
            // there, rather than splitting one field into two (a request smuggled past framing).
            while lineStart < headLength - 2 {
                var end = lineStart
                while raw[end] != 10 { end += 1 }
                let line = UnsafeRawBufferPointer(rebasing: raw[lineStart..<(end - 1)])
                if head == nil {
                    head = try isRequest ? HTTPHeadParser.parseRequestLine(line) : HTTPHeadParser.parseStatusLine(line)
                } else {
                    fields.append(try HTTPHeadParser.parseField(line))
                }
                lineStart = end + 1
            }
            return HTTPMessage(head: head ?? .request(method: "", target: "", version: ""), headers: fields, body: ByteBuffer())
        }
        message = parsed
        body = ByteBuffer()
        trailerBytes = 0
        input.consume(headLength)
        var requestMethod: String?
        if case .response(_, let status, _) = parsed.head {
            // An interim response (100 Continue …) precedes the real one to the same request.
            requestMethod = (100..<200).contains(status) && status != 101 ? requestMethods.first : requestMethods.popFirst()
        }
        let framing: HTTPBodyFraming
        do {
            framing = try HTTPBodyFraming.of(parsed, requestMethod: requestMethod, maxBodySize: limits.maxBodySize)
        } catch {
            throw fail(at: messageStart, "\(kind): \(error.reason)")
        }
        switch framing {
        case .none: return complete()
        case .length(let length): state = .fixedBody(length)
        case .chunked: state = .chunkSize
        case .untilClose: state = .untilClose
        case .switched:
            let done = complete()
            state = .switched
            return done
        }
        return nil
    }

    // MARK: - Chunks and lines

    /// The length of the CRLF-ended line at the reader index, nil until it has arrived.
    private mutating func line(what: String) throws(MessageDecodingError) -> Int? {
        let searched = min(input.readableBytes, limits.maxLineLength + 2)
        let found = input.buffer.withUnsafeReadableBytes { raw -> Int? in
            guard searched > 0, let base = raw.baseAddress, let hit = memchr(base, 10, searched) else { return nil }
            return base.distance(to: UnsafeRawPointer(hit))
        }
        guard let lf = found else {
            if input.readableBytes > limits.maxLineLength + 1 { throw fail(at: input.offset, "a \(what) longer than \(limits.maxLineLength) bytes") }
            return nil
        }
        guard lf > 0, input.byte(at: lf - 1) == 13 else { throw fail(at: input.offset, "a \(what) ends with a bare LF") }
        return lf - 1
    }

    /// Hex digits, then optional `;extensions`, which are ignored.
    private mutating func chunkSize(lineLength: Int) throws(MessageDecodingError) -> Int {
        var size = 0
        var digits = 0
        for index in 0..<lineLength {
            guard let byte = input.byte(at: index) else { break }
            let value: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = Int(byte - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = Int(byte - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = Int(byte - 55)
            case UInt8(ascii: ";"), 32, 9:
                value = -1
            default:
                throw fail(at: input.offset, "chunk size line has \(RESPValueFramer.show(byte)) where a hex digit belongs")
            }
            if value < 0 { break }
            digits += 1
            guard digits <= 15 else { throw fail(at: input.offset, "chunk size with more than 15 hex digits") }
            size = size * 16 + value
        }
        guard digits > 0 else { throw fail(at: input.offset, "chunk size line without a size") }
        guard body.readableBytes + size <= limits.maxBodySize else {
            throw fail(at: messageStart, "chunked body longer than the \(limits.maxBodySize) bytes accepted")
        }
        return size
    }

    // MARK: - Helpers

    private mutating func complete() -> ApplicationMessage {
        message.body = body
        body = ByteBuffer()
        let done = message
        message.trailers = []
        message.headers = []
        state = .head
        lastMessageOffset = messageStart
        return .http(done)
    }

    /// Runs a head parser over the readable bytes; its failure stops the decoder.
    private mutating func parse<T>(_ parser: (UnsafeRawBufferPointer) throws(HTTPHeadParser.Failure) -> T) throws(MessageDecodingError) -> T {
        let result = input.buffer.withUnsafeReadableBytes { raw in
            Result { () throws(HTTPHeadParser.Failure) -> T in try parser(raw) }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error): throw fail(at: messageStart, "\(kind): \(error.reason)")
        }
    }

    private mutating func fail(at offset: Int64, _ reason: String) -> MessageDecodingError {
        state = .failed
        input.discardAll()
        body = ByteBuffer()
        return MessageDecodingError(streamOffset: offset, reason: "HTTP " + reason)
    }
}
