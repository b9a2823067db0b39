import NIOCore

/// One AMQP frame, decoded: `type u8, channel u16, size u32, payload, 0xCE` on the wire.
public enum Frame: Hashable, Sendable {
    case method(channel: UInt16, Method)  // type 1
    case header(channel: UInt16, ContentHeader)  // type 2
    case body(channel: UInt16, ByteBuffer)  // type 3
    /// Type 8; valid on channel 0 only (RabbitMQ answers one on another channel with 505).
    case heartbeat(channel: UInt16 = 0)

    public var channel: UInt16 {
        switch self {
        case .method(let channel, _), .header(let channel, _), .body(let channel, _), .heartbeat(let channel): channel
        }
    }

    public var type: FrameType {
        switch self {
        case .method: .method
        case .header: .header
        case .body: .body
        case .heartbeat: .heartbeat
        }
    }
}

/// Frame type octets (AMQP 0-9-1 §4.2.3; RabbitMQ's FRAME_* constants).
public enum FrameType: UInt8, Sendable {
    case method = 1
    case header = 2
    case body = 3
    case heartbeat = 8
}

/// Wire constants shared by the decoder, encoder and assembler.
public enum FrameConstants {
    /// The closing octet of every frame.
    public static let frameEnd: UInt8 = 0xCE
    /// Type, channel, size and end octet: what a frame costs beyond its payload
    /// (RabbitMQ's EMPTY_FRAME_SIZE).
    public static let emptyFrameSize = 8
    /// The frame_max a server enforces before tune-ok: RabbitMQ's `initial_frame_max`
    /// default, FRAME_MIN_SIZE (4096 up to v4.0).
    public static let minimumFrameMax: UInt32 = 4096
}
