/// Why a cluster bus message was refused, with where (byte offset from the start of the
/// message) in the description, for a log line.
///
/// `closesLink` separates Redis's two reactions: a bad signature or a `totlen` below the
/// header size makes `clusterReadHandler` drop the link (the stream can no longer be framed);
/// every other problem makes `clusterProcessPacket` ignore that one message and keep reading.
public enum ClusterBusError: Error, Hashable, Sendable {
    /// The first 4 bytes are not "RCmb". Closes the link.
    case badSignature([UInt8])
    /// `totlen` is below 2256 (`CLUSTERMSG_MIN_LEN`). Closes the link.
    case lengthBelowMinimum(length: UInt32)
    /// `totlen` is above the decoder's limit (ours: Redis has none). Closes the link.
    case lengthAboveLimit(length: UInt32, limit: Int)
    /// The bytes handed to `ClusterMessage.decode` are not one whole message: fewer than 8,
    /// or not `totlen` of them.
    case frameSizeMismatch(declared: Int?, available: Int)
    /// `ver` is not 1. Redis ignores the message silently.
    case unsupportedVersion(version: UInt16, type: ClusterMessageType)
    /// `totlen` differs from the length the type, `count` and the extensions imply
    /// ("Received invalid %s packet of length %lld but expected length %lld").
    case lengthMismatch(type: ClusterMessageType, length: Int, expected: Int)
    /// `count` gossip entries do not fit in `totlen`.
    case gossipBeyondEnd(type: ClusterMessageType, count: Int, length: Int)
    /// Fewer than 8 bytes left for the header of extension `index`.
    case extensionHeaderTruncated(type: ClusterMessageType, index: Int, offset: Int, length: Int)
    /// An extension length that is not a multiple of 8 (Redis: "without proper padding").
    case extensionPadding(type: ClusterMessageType, index: Int, offset: Int, extensionLength: Int)
    /// An extension longer than what is left of the message (Redis: "extension data that
    /// exceeds total packet length").
    case extensionOverflow(type: ClusterMessageType, index: Int, offset: Int, extensionLength: Int, remaining: Int)
    /// An extension length below its own 8-byte header.
    case extensionTooShort(type: ClusterMessageType, index: Int, offset: Int, extensionLength: Int)
    /// The fixed part of a body (PUBLISH's two lengths, MODULE's id/len/type) is cut off.
    case bodyTruncated(type: ClusterMessageType, offset: Int, needed: Int, length: Int)

    /// True when Redis closes the link rather than skipping the message.
    public var closesLink: Bool {
        switch self {
        case .badSignature, .lengthBelowMinimum, .lengthAboveLimit: true
        default: false
        }
    }
}

extension ClusterBusError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .badSignature(let sig):
            let shown = sig.map { (32...126).contains($0) ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }
            return "bad signature \"\(shown.joined())\" at offset 0 (expected \"RCmb\")"
        case .lengthBelowMinimum(let length):
            return "totlen \(length) at offset 4 is below the \(ClusterBusLayout.headerLength)-byte header"
        case .lengthAboveLimit(let length, let limit):
            return "totlen \(length) at offset 4 is above the limit of \(limit) bytes"
        case .frameSizeMismatch(let declared, let available):
            if let declared { return "message declares totlen \(declared) at offset 4 but \(available) bytes were given" }
            return "\(available) bytes are too few for a message (signature and totlen need 8)"
        case .unsupportedVersion(let version, let type):
            return "\(type) message with protocol version \(version) at offset 8 (expected 1)"
        case .lengthMismatch(let type, let length, let expected):
            return "\(type) message of length \(length) (totlen at offset 4) but expected length \(expected)"
        case .gossipBeyondEnd(let type, let count, let length):
            return "\(type) message claims \(count) gossip entries (count at offset 14) ending at offset "
                + "\(ClusterBusLayout.headerLength + count * ClusterBusLayout.gossipEntryLength), beyond its length \(length)"
        case .extensionHeaderTruncated(let type, let index, let offset, let length):
            return "\(type) message: extension \(index) at offset \(offset) needs an 8-byte header, "
                + "only \(length - offset) bytes left"
        case .extensionPadding(let type, let index, let offset, let extensionLength):
            return "\(type) message: extension \(index) at offset \(offset) has length \(extensionLength), not a multiple of 8"
        case .extensionOverflow(let type, let index, let offset, let extensionLength, let remaining):
            return "\(type) message: extension \(index) at offset \(offset) has length \(extensionLength), "
                + "beyond the \(remaining) bytes left"
        case .extensionTooShort(let type, let index, let offset, let extensionLength):
            return "\(type) message: extension \(index) at offset \(offset) has length \(extensionLength), "
                + "shorter than its 8-byte header"
        case .bodyTruncated(let type, let offset, let needed, let length):
            return "\(type) message: body at offset \(offset) needs \(needed) bytes, message length is \(length)"
        }
    }
}
