import NIOCore

/// One IPv4 or IPv6 packet made by `TCPStreamSynthesizer`, with the time the caller gave for it.
public struct SynthesizedPacket: Sendable {
    /// Nanoseconds since the Unix epoch.
    public var timestampNanoseconds: Int64
    /// The whole IP packet (header, TCP header, payload), no link-layer header.
    public var ipPacket: ByteBuffer

    public init(timestampNanoseconds: Int64, ipPacket: ByteBuffer) {
        self.timestampNanoseconds = timestampNanoseconds
        self.ipPacket = ipPacket
    }
}
