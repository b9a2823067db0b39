/// A frame the decoder could not turn into a `Frame`, with what the broker needs to answer as
/// RabbitMQ 3.10's reader does (rabbit_reader:handle_input / handle_frame).
public enum FrameError: Error, Hashable, Sendable {
    /// The octet after the payload was not 0xCE. Fatal: RabbitMQ closes with 501 and reads
    /// nothing more.
    case badFrameEnd(type: UInt8, channel: UInt16, octet: UInt8, payload: [UInt8])
    /// The size field exceeded the negotiated frame_max (RabbitMQ allows up to frame_max
    /// itself, i.e. frame_max − 8 plus 8 of slack). Fatal, 501; `limit` is frame_max − 8 as in
    /// RabbitMQ's `{frame_too_large, Size, Limit}`.
    case frameTooLarge(type: UInt8, channel: UInt16, size: UInt32, limit: UInt32)
    /// An unknown frame type, a heartbeat with a payload, or a method/header payload too
    /// short for its fixed fields: RabbitMQ's `unknown_frame`, 501.
    case unknownFrame(type: UInt8, channel: UInt16, payload: [UInt8])
    /// A method frame whose class/method ids RabbitMQ does not know.
    case unknownMethod(channel: UInt16, classID: UInt16, methodID: UInt16)
    /// A known method whose arguments did not decode (RabbitMQ: 501 "cannot decode <<…>>";
    /// for a non-UTF-8 short string, 501 "Malformed UTF-8 in shortstr").
    case malformedMethod(channel: UInt16, classID: UInt16, methodID: UInt16, fields: [UInt8], reason: WireError)
    /// A content header whose properties did not decode.
    case malformedContentHeader(channel: UInt16, payload: [UInt8], reason: WireError)
    /// The connection ended inside a frame (or the protocol header): `buffered` bytes were
    /// left undecoded.
    case truncated(buffered: Int)

    /// After a fatal error the byte stream is out of sync: nothing more can be read.
    public var isFatal: Bool {
        switch self {
        case .badFrameEnd, .frameTooLarge, .truncated: true
        case .unknownFrame, .unknownMethod, .malformedMethod, .malformedContentHeader: false
        }
    }

    public var channel: UInt16 {
        switch self {
        case .badFrameEnd(_, let channel, _, _), .frameTooLarge(_, let channel, _, _), .unknownFrame(_, let channel, _),
            .unknownMethod(let channel, _, _), .malformedMethod(let channel, _, _, _, _),
            .malformedContentHeader(let channel, _, _):
            channel
        case .truncated: 0
        }
    }
}
