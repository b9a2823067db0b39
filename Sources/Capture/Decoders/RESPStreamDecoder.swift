import NIOCore
import RESP

/// One direction of a RESP connection. Requests are parsed by the server's own
/// `RESPRequestParser` (multibulk and inline, Redis's limits and error texts; an empty request,
/// which Redis ignores without a reply, is skipped) and come out as arrays of bulk strings.
/// Replies (RESP2 and RESP3, pushes included) are framed by `RESPValueFramer` and built by
/// `RESPValueParser`.
public struct RESPStreamDecoder: MessageStreamDecoder {
    public enum Direction: Sendable {
        case requests
        case replies
    }

    public let direction: Direction
    private var input = StreamInput()
    private var requestParser = RESPRequestParser()
    private var arguments: [ByteBuffer] = []
    private var framer = RESPValueFramer()
    private let valueParser = RESPValueParser()
    private var failed = false
    /// Start of the request `requestParser` is in the middle of (it consumes as it goes).
    private var requestStart: Int64 = 0
    public private(set) var nextMessageOffset: Int64 = 0
    /// First byte of the message `next()` returned last.
    public private(set) var lastMessageOffset: Int64 = 0

    public init(direction: Direction) {
        self.direction = direction
        requestParser.reservesBigArguments = false
    }

    public mutating func append(_ bytes: ByteBuffer) {
        guard !failed else { return }
        input.append(bytes)
    }

    public mutating func next() throws(MessageDecodingError) -> ApplicationMessage? {
        guard !failed else { return nil }
        switch direction {
        case .requests: return try nextRequest()
        case .replies: return try nextReply()
        }
    }

    public mutating func finish() throws(MessageDecodingError) -> ApplicationMessage? {
        if let message = try next() { return message }
        guard !failed else { return nil }
        let left = input.offset - nextMessageOffset + Int64(input.readableBytes)
        guard left > 0 else { return nil }
        let what = direction == .requests ? "request" : "reply"
        throw fail(at: nextMessageOffset, "stream ended \(left) bytes into a RESP \(what)")
    }

    private mutating func nextRequest() throws(MessageDecodingError) -> ApplicationMessage? {
        while true {
            if !requestParser.isMidRequest {
                requestStart = input.offset
                nextMessageOffset = input.offset
            }
            let complete: Bool
            do {
                complete = try input.withBuffer { (buffer) throws(RESPProtocolError) -> Bool in
                    try requestParser.parse(&buffer, into: &arguments)
                }
            } catch {
                throw fail(at: requestStart, "RESP request: \(error)")
            }
            guard complete else { return nil }
            nextMessageOffset = input.offset
            // Redis ignores an empty request (`*0`, a blank inline line) without replying.
            if arguments.isEmpty { continue }
            var items: [RESPValue] = []
            items.reserveCapacity(arguments.count)
            for argument in arguments { items.append(.bulkString(Array(argument.readableBytesView))) }
            arguments.removeAll(keepingCapacity: true)
            lastMessageOffset = requestStart
            return .resp(.array(items))
        }
    }

    private mutating func nextReply() throws(MessageDecodingError) -> ApplicationMessage? {
        let length: Int
        do {
            guard let framed = try framer.frame(input.buffer) else { return nil }
            length = framed
        } catch {
            throw fail(at: input.offset, "RESP reply: \(error.reason) (at byte \(error.position) of the reply)")
        }
        guard var value = input.buffer.getSlice(at: input.buffer.readerIndex, length: length) else { return nil }
        let start = input.offset
        let parsed: RESPValue?
        do {
            parsed = try valueParser.parse(&value)
        } catch {
            throw fail(at: start, "RESP reply: \(error.message)")
        }
        guard let parsed, value.readableBytes == 0 else {
            throw fail(at: start, "RESP reply: the parser and the framer disagree on where the reply ends")
        }
        input.consume(length)
        lastMessageOffset = start
        nextMessageOffset = input.offset
        return .resp(parsed)
    }

    private mutating func fail(at offset: Int64, _ reason: String) -> MessageDecodingError {
        failed = true
        input.discardAll()
        arguments = []
        return MessageDecodingError(streamOffset: offset, reason: reason)
    }
}
