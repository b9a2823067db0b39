import NIOCore

/// How a layer declines a packet: it carries no TCP (ARP, UDP, ...: not a problem), or its
/// bytes contradict themselves (a problem reported with the packet number, reading goes on).
enum PacketSkip: Error {
    case notTCP(String)
    case malformed(String)

    /// A header needs `count` bytes where the capture may hold fewer.
    static func require(_ count: Int, in buffer: ByteBuffer, for what: String) throws(PacketSkip) {
        guard buffer.readableBytes >= count else {
            throw .malformed("\(what) needs \(count) bytes, only \(buffer.readableBytes) captured")
        }
    }
}
