import NIOCore

/// A ping extension (`clusterMsgPingExt`): after the gossip entries of a PING/PONG/MEET
/// whose header has `.extensionData`. On the wire: `uint32 length` (of the whole extension,
/// header included, a multiple of 8), `uint16 type`, `uint16 unused`, then the data padded
/// with zeros to 8 bytes.
public enum ClusterPingExtension: Hashable, Sendable {
    /// Type 0 (`CLUSTERMSG_EXT_TYPE_HOSTNAME`): cluster-announce-hostname, NUL-terminated.
    case hostname(String)
    /// A type Redis 7.0 does not know (7.2 adds human nodename 1, forgotten node 2, shard
    /// id 3): skipped by its length. `data` is everything after the 8-byte extension header,
    /// padding included, so it is re-encoded as received.
    case unknown(type: UInt16, data: [UInt8])

    public static let hostnameType: UInt16 = 0

    public var type: UInt16 {
        switch self {
        case .hostname: Self.hostnameType
        case .unknown(let type, _): type
        }
    }

    /// Bytes on the wire, header included (`getHostnamePingExtSize`: 8 + the string and its
    /// NUL rounded up to 8).
    public var encodedLength: Int {
        switch self {
        case .hostname(let name): ClusterBusLayout.extensionHeaderLength + Self.eightByteAligned(name.utf8.count + 1)
        case .unknown(_, let data): ClusterBusLayout.extensionHeaderLength + Self.eightByteAligned(data.count)
        }
    }

    static func eightByteAligned(_ n: Int) -> Int { (n + 7) / 8 * 8 }

    func write(to buffer: inout ByteBuffer) {
        let length = encodedLength
        buffer.writeInteger(UInt32(length))
        buffer.writeInteger(type)
        buffer.writeInteger(UInt16(0))
        let data: Int
        switch self {
        case .hostname(let name): data = buffer.writeString(name)
        case .unknown(_, let bytes): data = buffer.writeBytes(bytes)
        }
        buffer.writeRepeatingByte(0, count: length - ClusterBusLayout.extensionHeaderLength - data)
    }

    /// The extension whose (validated) `length` bytes start at `index`.
    init(buffer: ByteBuffer, at index: Int, type: UInt16, length: Int) {
        let dataStart = index + ClusterBusLayout.extensionHeaderLength
        let dataLength = length - ClusterBusLayout.extensionHeaderLength
        if type == Self.hostnameType {
            // Redis reads a C string; without a NUL it would run past the extension, here
            // the name stops at its end.
            self = .hostname(buffer.getNulTerminatedField(at: dataStart, length: dataLength))
        } else {
            self = .unknown(type: type, data: buffer.getBytes(at: dataStart, length: dataLength)!)
        }
    }
}
