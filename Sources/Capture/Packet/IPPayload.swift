import NIOCore

/// The TCP segment an IP packet carries, with the addresses it travelled between.
struct IPPayload {
    var source: String
    var destination: String
    /// The segment, as far as it was captured.
    var segment: ByteBuffer
    /// Bytes the IP header promises beyond those captured (a snap length or a lying header).
    var missingBytes: Int
}
