import NIOCore

enum IPv6Layer {
    /// The TCP segment in an IPv6 packet, found by walking the extension header chain, or the
    /// fragment it carries when the chain reaches a Fragment header of a real fragment.
    static func decode(_ packet: ByteBuffer) throws(PacketSkip) -> IPLayerResult {
        try PacketSkip.require(40, in: packet, for: "IPv6 header")
        let start = packet.readerIndex
        let version = (packet.getInteger(at: start, as: UInt8.self) ?? 0) >> 4
        guard version == 6 else { throw .malformed("IPv6 header with version \(version)") }
        let declared = Int(packet.getInteger(at: start + 4, as: UInt16.self) ?? 0)
        // 0 means a jumbogram or segmentation offload: the length is the captured one.
        let totalLength = declared == 0 ? packet.readableBytes : 40 + declared
        let end = start + min(totalLength, packet.readableBytes)
        let missingBytes = max(0, totalLength - packet.readableBytes)
        let source = IPv6AddressText.text(packet.getBytes(at: start + 8, length: 16) ?? [])
        let destination = IPv6AddressText.text(packet.getBytes(at: start + 24, length: 16) ?? [])
        switch try walk(packet, next: packet.getInteger(at: start + 6, as: UInt8.self) ?? 0, from: start + 40, end: end, start: start) {
        case .transport(let at):
            return .whole(
                IPPayload(
                    source: source, destination: destination, segment: packet.getSlice(at: at, length: end - at) ?? ByteBuffer(),
                    missingBytes: missingBytes))
        case .fragment(let at, let offset, let more):
            let next = packet.getInteger(at: at, as: UInt8.self) ?? 0
            // Only what can lead to TCP is worth holding: TCP itself or an extension header.
            guard [6, 0, 43, 51, 60].contains(next) else { throw .notTCP("IPv6 fragment of next header \(next)") }
            let identification = packet.getInteger(at: at + 4, as: UInt32.self) ?? 0
            return .fragment(
                IPFragment(
                    key: IPFragmentKey(version: .v6, source: source, destination: destination, protocol: 0, identification: identification),
                    offset: offset, moreFragments: more, bytes: packet.getSlice(at: at + 8, length: end - at - 8) ?? ByteBuffer(),
                    missingBytes: missingBytes, countedHeaderBytes: at + 8 - start - 40, nextHeader: next))
        }
    }

    /// The TCP segment of a reassembled datagram: its fragmentable part, walked from the
    /// first fragment's next header.
    static func tcpPayload(of datagram: IPDatagram) throws(PacketSkip) -> IPPayload {
        let payload = datagram.payload
        let start = payload.readerIndex
        let end = payload.writerIndex
        switch try walk(payload, next: datagram.nextHeader, from: start, end: end, start: start) {
        case .transport(let at):
            return IPPayload(
                source: datagram.key.source, destination: datagram.key.destination,
                segment: payload.getSlice(at: at, length: end - at) ?? ByteBuffer(), missingBytes: 0)
        case .fragment:
            throw .malformed("\(datagram.key) holds another Fragment header once reassembled")
        }
    }

    private enum Stop {
        case transport(at: Int)
        /// A Fragment header at `at` of a fragment that is not the whole datagram.
        case fragment(at: Int, offset: Int, more: Bool)
    }

    /// Walks extension headers from `from` until TCP or a real fragment's Fragment header.
    private static func walk(_ packet: ByteBuffer, next first: UInt8, from: Int, end: Int, start: Int) throws(PacketSkip) -> Stop {
        var next = first
        var at = from
        while next != 6 {
            let length: Int
            switch next {
            case 0, 43, 60:  // hop-by-hop, routing, destination options
                length = (Int(packet.getInteger(at: at + 1, as: UInt8.self) ?? 0) + 1) * 8
            case 51:  // authentication header counts in 4-byte words
                length = (Int(packet.getInteger(at: at + 1, as: UInt8.self) ?? 0) + 2) * 4
            case 44:
                length = 8
                guard at + 8 <= end, let field = packet.getInteger(at: at + 2, as: UInt16.self) else {
                    throw .malformed("IPv6 fragment header cut short")
                }
                let offset = Int(field >> 3) * 8
                let more = field & 1 != 0
                // An atomic fragment (offset 0, no more) is a whole packet: read on through it.
                if offset != 0 || more { return .fragment(at: at, offset: offset, more: more) }
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
        return .transport(at: at)
    }
}
