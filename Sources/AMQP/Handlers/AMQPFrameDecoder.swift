import NIOCore

/// Splits a byte stream into `AMQPInbound` values as RabbitMQ 3.10's reader does. In server
/// mode it first reads the client's eight-octet protocol header (after a refused one it reads
/// nothing more); in client mode it reads frames from the start. Errors come in line; after a
/// fatal one (lost frame sync) the rest of the stream is dropped.
public struct AMQPFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = AMQPInbound

    public enum Mode: Sendable {
        case server
        case client
    }

    private enum State {
        case protocolHeader
        case frames
        case stopped
    }

    private var state: State
    public let limit: FrameMaxLimit

    /// `limit` starts at RabbitMQ's pre-tune 4096 for a server; a client passes its own
    /// (or 0 for none).
    public init(mode: Mode, limit: FrameMaxLimit = FrameMaxLimit()) {
        self.state = mode == .server ? .protocolHeader : .frames
        self.limit = limit
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let inbound = next(&buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(inbound))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while let inbound = next(&buffer) { context.fireChannelRead(wrapInboundOut(inbound)) }
        if buffer.readableBytes > 0, state != .stopped {
            state = .stopped
            context.fireChannelRead(wrapInboundOut(.error(.truncated(buffered: buffer.readableBytes))))
        }
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }

    /// The next value the buffer holds in full, if any.
    mutating func next(_ buffer: inout ByteBuffer) -> AMQPInbound? {
        switch state {
        case .stopped:
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return nil
        case .protocolHeader:
            guard let bytes = buffer.readBytes(length: 8) else { return nil }
            let header = ProtocolHeader(bytes: bytes)
            if case .refuse = header.negotiation { state = .stopped } else { state = .frames }
            return .protocolHeader(header)
        case .frames:
            return nextFrame(&buffer)
        }
    }

    private mutating func nextFrame(_ buffer: inout ByteBuffer) -> AMQPInbound? {
        let start = buffer.readerIndex
        guard let type = buffer.getInteger(at: start, as: UInt8.self),
            let channel = buffer.getInteger(at: start + 1, as: UInt16.self),
            let size = buffer.getInteger(at: start + 3, as: UInt32.self)
        else { return nil }
        // RabbitMQ judges the size from the seven header octets, before the payload arrives.
        let frameMax = limit.frameMax
        if frameMax != 0, size > frameMax {
            return fatal(.frameTooLarge(type: type, channel: channel, size: size, limit: frameMax &- UInt32(FrameConstants.emptyFrameSize)), &buffer)
        }
        let payloadSize = Int(size)
        guard buffer.readableBytes >= 7 + payloadSize + 1,
            let payload = buffer.getSlice(at: start + 7, length: payloadSize),
            let end = buffer.getInteger(at: start + 7 + payloadSize, as: UInt8.self)
        else { return nil }
        guard end == FrameConstants.frameEnd else {
            return fatal(.badFrameEnd(type: type, channel: channel, octet: end, payload: Array(buffer: payload)), &buffer)
        }
        buffer.moveReaderIndex(forwardBy: 7 + payloadSize + 1)
        switch Frame.decode(type: type, channel: channel, payload: payload) {
        case .success(let frame): return .frame(frame)
        case .failure(let error): return .error(error)
        }
    }

    private mutating func fatal(_ error: FrameError, _ buffer: inout ByteBuffer) -> AMQPInbound {
        state = .stopped
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .error(error)
    }
}
