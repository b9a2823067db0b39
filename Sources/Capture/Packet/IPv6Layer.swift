import NIOCore

enum IPv6Layer {
    /// The TCP segment in an IPv6 packet, found by walking the extension header chain.
    static func tcpPayload(_ packet: ByteBuffer) throws(PacketSkip) -> IPPayload {
        try PacketSkip.require(40, in: packet, for: "IPv6 header")
        let start = packet.readerIndex
        let version = (packet.getInteger(at: start, as: UInt8.self) ?? 0) >> 4
        guard version == 6 else { throw .malformed("IPv6 header with version \(version)") }
        let declared = Int(packet.getInteger(at: start + 4, as: UInt16.self) ?? 0)
        // 0 means a jumbogram or segmentation offload: the length is the captured one.
        let totalLength = declared == 0 ? packet.readableBytes : 40 + declared
        let end = start + min(totalLength, packet.readableBytes)
        var next = packet.getInteger(at: start + 6, as: UInt8.self) ?? 0
        var at = start + 40
        while next != 6 {
            let length: Int
            switch next {
            case 0, 43, 60:  // hop-by-hop, routing, destination options
                length = (Int(packet.getInteger(at: at + 1, as: UInt8.self) ?? 0) + 1) * 8
            case 51:  // authentication header counts in 4-byte words
                length = (Int(packet.getInteger(at: at + 1, as: UInt8.self) ?? 0) + 2) * 4
            case 44:
                length = 8
                try checkFragment(packet, at: at, end: end)
            case 50: throw .notTCP("IPv6 ESP (encrypted)")
            case 59: throw .notTCP("IPv6 with no next header")
            default: throw .notTCP("IPv6 next header \(next)")
            }
            guard at + length <= end else {
                throw .malformed("IPv6 extension header \(next) at byte \(at - start) runs past the \(end - start) bytes captured")
            }
            next = packet.getInteger(at: at, as: UInt8.self) ?? 0
            at += length
        }
        return IPPayload(
            source: IPv6AddressText.text(packet.getBytes(at: start + 8, length: 16) ?? []),
            destination: IPv6AddressText.text(packet.getBytes(at: start + 24, length: 16) ?? []),
            segment: packet.getSlice(at: at, length: end - at) ?? ByteBuffer(),
            missingBytes: max(0, totalLength - packet.readableBytes))
    }

    /// An atomic fragment (offset 0, no more) is a whole packet; any other is reported when
    /// it carries TCP, as IP reassembly is not done.
    private static func checkFragment(_ packet: ByteBuffer, at: Int, end: Int) throws(PacketSkip) {
        guard at + 8 <= end, let field = packet.getInteger(at: at + 2, as: UInt16.self) else {
            throw .malformed("IPv6 fragment header cut short")
        }
        let offset = Int(field >> 3) * 8
        let more = field & 1 != 0
        guard offset != 0 || more else { return }
        guard packet.getInteger(at: at, as: UInt8.self) == 6 else { throw .notTCP("IPv6 fragment") }
        throw .malformed("IPv6 fragment of a TCP segment (offset \(offset)\(more ? ", more follow" : ", the last")): IP fragments are not reassembled")
    }
}
