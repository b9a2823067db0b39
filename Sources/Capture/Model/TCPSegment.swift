import NIOCore

/// One side of a TCP connection: an IPv4 or IPv6 address in its usual text form and a port.
public struct TCPEndpoint: Hashable, Sendable, CustomStringConvertible {
    public var address: String
    public var port: UInt16

    public init(address: String, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `127.0.0.1:7000`, `[::1]:7000`.
    public var description: String { address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)" }
}

public struct TCPFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let fin = TCPFlags(rawValue: 0x01)
    public static let syn = TCPFlags(rawValue: 0x02)
    public static let rst = TCPFlags(rawValue: 0x04)
    public static let psh = TCPFlags(rawValue: 0x08)
    public static let ack = TCPFlags(rawValue: 0x10)
}

/// One TCP segment read from a capture: what reassembly needs, plus where it came from for
/// error messages.
public struct TCPSegment: Sendable {
    /// Capture time, microseconds since the Unix epoch.
    public var timestamp: Int64
    public var source: TCPEndpoint
    public var destination: TCPEndpoint
    public var sequence: UInt32
    public var acknowledgment: UInt32
    public var flags: TCPFlags
    public var window: UInt16
    public var payload: ByteBuffer
    /// 1-based packet number in the file (as Wireshark counts), for messages.
    public var packetNumber: Int

    public init(
        timestamp: Int64, source: TCPEndpoint, destination: TCPEndpoint, sequence: UInt32, acknowledgment: UInt32, flags: TCPFlags,
        window: UInt16 = 65535, payload: ByteBuffer, packetNumber: Int
    ) {
        self.timestamp = timestamp
        self.source = source
        self.destination = destination
        self.sequence = sequence
        self.acknowledgment = acknowledgment
        self.flags = flags
        self.window = window
        self.payload = payload
        self.packetNumber = packetNumber
    }
}
