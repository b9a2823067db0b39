import AMQP
import NIOCore

/// One direction of an AMQP 0-9-1 connection. The client's stream starts with the 8-octet
/// protocol header, then frames; the server's is frames, or a protocol header when it refuses
/// the client's. Frames are cut here (7-octet header, payload, 0xCE), decoded by the AMQP
/// module's `Frame.decode` and assembled into commands by its `CommandAssembler`, with
/// RabbitMQ's rules; heartbeats come out as `.amqpHeartbeat`.
///
/// A client stream that starts with a frame type octet instead of "AMQP" is read as frames: a
/// capture that began after the handshake.
public struct AMQPStreamDecoder: MessageStreamDecoder {
    public enum Direction: Sendable {
        case client
        case server
    }

    public struct Limits: Sendable {
        /// Largest frame payload accepted (RabbitMQ's frame_max is 128 KiB by default).
        public var maxFrameSize: Int
        /// Largest body a content header may announce.
        public var maxBodySize: UInt64

        public init(maxFrameSize: Int = 16 << 20, maxBodySize: UInt64 = 512 << 20) {
            self.maxFrameSize = maxFrameSize
            self.maxBodySize = maxBodySize
        }
    }

    public let direction: Direction
    public let limits: Limits
    private var input = StreamInput()
    private var assembler = CommandAssembler()
    private var atStart = true
    private var failed = false
    /// Where the method frame of each channel's unfinished content-bearing command starts.
    private var commandStarts: [UInt16: Int64] = [:]
    public private(set) var lastMessageOffset: Int64 = 0

    public init(direction: Direction, limits: Limits = Limits()) {
        self.direction = direction
        self.limits = limits
    }

    /// The earliest start of a command still being assembled: frames of several channels interleave.
    public var nextMessageOffset: Int64 { commandStarts.values.min() ?? input.offset }

    public mutating func append(_ bytes: ByteBuffer) {
        guard !failed else { return }
        input.append(bytes)
    }

    public mutating func next() throws(MessageDecodingError) -> ApplicationMessage? {
        guard !failed else { return nil }
        if atStart {
            guard let first = input.byte(at: 0) else { return nil }
            if first == UInt8(ascii: "A") || direction == .client && !Self.frameTypes.contains(first) {
                return try protocolHeader()
            }
            atStart = false
        }
        while let frame = try nextFrame() {
            if let message = try assemble(frame) { return message }
        }
        return nil
    }

    public mutating func finish() throws(MessageDecodingError) -> ApplicationMessage? {
        if let message = try next() { return message }
        guard !failed else { return nil }
        if input.readableBytes > 0 {
            let what = atStart ? "the protocol header" : "a frame"
            throw fail(at: input.offset, "stream ended \(input.readableBytes) bytes into \(what)")
        }
        if let (channel, start) = commandStarts.min(by: { $0.value < $1.value }) {
            throw fail(at: start, "stream ended before the content of the command on channel \(channel) was complete")
        }
        return nil
    }

    private static let frameTypes: Set<UInt8> = [1, 2, 3, 8]
    private static let amqp = Array("AMQP".utf8)

    private mutating func protocolHeader() throws(MessageDecodingError) -> ApplicationMessage? {
        let available = min(input.readableBytes, 8)
        let prefix = input.buffer.getBytes(at: input.buffer.readerIndex, length: available) ?? []
        guard prefix.prefix(4).elementsEqual(Self.amqp.prefix(min(4, available))) else {
            throw fail(at: input.offset, "expected the protocol header \"AMQP\" and a version, got \(Self.show(prefix))")
        }
        guard available == 8 else { return nil }
        lastMessageOffset = input.offset
        input.consume(8)
        atStart = false
        return .amqpProtocolHeader(ProtocolHeader(bytes: prefix))
    }

    /// The next whole frame and where it started, nil when more bytes are needed.
    private mutating func nextFrame() throws(MessageDecodingError) -> (frame: Frame, start: Int64)? {
        let buffer = input.buffer
        let base = buffer.readerIndex
        guard let type = buffer.getInteger(at: base, as: UInt8.self),
            let channel = buffer.getInteger(at: base + 1, as: UInt16.self),
            let size = buffer.getInteger(at: base + 3, as: UInt32.self)
        else { return nil }
        guard size <= limits.maxFrameSize else {
            throw fail(at: input.offset, "frame of type \(type) on channel \(channel) announces \(size) bytes, more than the \(limits.maxFrameSize) accepted")
        }
        let payloadSize = Int(size)
        guard buffer.readableBytes >= payloadSize + FrameConstants.emptyFrameSize,
            let payload = buffer.getSlice(at: base + 7, length: payloadSize),
            let end = buffer.getInteger(at: base + 7 + payloadSize, as: UInt8.self)
        else { return nil }
        guard end == FrameConstants.frameEnd else {
            throw fail(at: input.offset, "frame of type \(type) on channel \(channel) ends with \(end), not 206 (0xCE)")
        }
        let start = input.offset
        switch Frame.decode(type: type, channel: channel, payload: payload) {
        case .success(let frame):
            input.consume(payloadSize + FrameConstants.emptyFrameSize)
            return (frame, start)
        case .failure(let error):
            throw fail(at: start, Self.explain(error))
        }
    }

    private mutating func assemble(_ item: (frame: Frame, start: Int64)) throws(MessageDecodingError) -> ApplicationMessage? {
        let (frame, start) = item
        switch frame {
        case .heartbeat(let channel):
            guard channel == 0 else { throw fail(at: start, "heartbeat on channel \(channel); heartbeats belong to channel 0") }
            lastMessageOffset = start
            return .amqpHeartbeat
        case .method(let channel, let method) where method.hasContent:
            if commandStarts[channel] == nil { commandStarts[channel] = start }
        case .header(_, let header) where header.bodySize > limits.maxBodySize:
            throw fail(at: start, "content header announces a body of \(header.bodySize) bytes, more than the \(limits.maxBodySize) accepted")
        default:
            break
        }
        let command: Command?
        do {
            command = try assembler.append(frame)
        } catch {
            throw fail(at: start, "unexpected frame on channel \(error.channel): \(error.text)")
        }
        guard let command else {
            if let overrun = assembler.bodyOverrun(channel: frame.channel) {
                throw fail(at: start, "body frames on channel \(frame.channel) run \(overrun) bytes past the content header's body size")
            }
            return nil
        }
        lastMessageOffset = commandStarts.removeValue(forKey: command.channel) ?? start
        return .amqp(command)
    }

    private mutating func fail(at offset: Int64, _ reason: String) -> MessageDecodingError {
        failed = true
        input.discardAll()
        commandStarts = [:]
        return MessageDecodingError(streamOffset: offset, reason: "AMQP: " + reason)
    }

    static func explain(_ error: FrameError) -> String {
        switch error {
        case .badFrameEnd(let type, let channel, let octet, _):
            "frame of type \(type) on channel \(channel) ends with \(octet), not 206 (0xCE)"
        case .frameTooLarge(let type, let channel, let size, let limit):
            "frame of type \(type) on channel \(channel) of \(size) bytes exceeds \(limit)"
        case .unknownFrame(let type, let channel, let payload):
            "unknown frame (type \(type), channel \(channel), \(payload.count) payload bytes)"
        case .unknownMethod(let channel, let classID, let methodID):
            "unknown method \(classID).\(methodID) on channel \(channel)"
        case .malformedMethod(let channel, let classID, let methodID, _, let reason):
            "malformed \(Method.name(classID: classID, methodID: methodID) ?? "method \(classID).\(methodID)") on channel \(channel): \(reason)"
        case .malformedContentHeader(let channel, _, let reason):
            "malformed content header on channel \(channel): \(reason)"
        case .truncated(let buffered):
            "stream ended \(buffered) bytes into a frame"
        }
    }

    static func show(_ bytes: [UInt8]) -> String {
        bytes.map { (32..<127).contains($0) ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined()
    }
}
