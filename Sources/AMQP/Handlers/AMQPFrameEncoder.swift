import NIOCore

/// What goes out: a protocol header (a client's first write, or a server's refusal), a frame,
/// or several frames written together (a delivery's method, header and body).
public enum AMQPOutbound: Sendable {
    case protocolHeader(ProtocolHeader)
    case frame(Frame)
    case frames([Frame])
}

/// Writes `AMQPOutbound` values. Fails the write only for a short string over 255 bytes.
public struct AMQPFrameEncoder: MessageToByteEncoder {
    public typealias OutboundIn = AMQPOutbound

    public init() {}

    public func encode(data: AMQPOutbound, out: inout ByteBuffer) throws {
        switch data {
        case .protocolHeader(let header): out.writeBytes(header.bytes)
        case .frame(let frame): try frame.encode(into: &out)
        case .frames(let frames): for frame in frames { try frame.encode(into: &out) }
        }
    }
}
