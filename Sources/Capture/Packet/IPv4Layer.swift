import NIOCore

enum IPv4Layer {
    /// The TCP segment in an IPv4 packet, or the fragment of one it carries; other protocols
    /// are `.notTCP`.
    static func decode(_ packet: ByteBuffer) throws(PacketSkip) -> IPLayerResult {
        try PacketSkip.require(20, in: packet, for: "IPv4 header")
        let start = packet.readerIndex
        let first = packet.getInteger(at: start, as: UInt8.self) ?? 0
        guard first >> 4 == 4 else { throw .malformed("IPv4 header with version \(first >> 4)") }
        let headerLength = Int(first & 0x0F) * 4
        guard headerLength >= 20 else { throw .malformed("IPv4 header length \(headerLength) is below the minimum of 20") }
        try PacketSkip.require(headerLength, in: packet, for: "IPv4 header with options")
        let declared = Int(packet.getInteger(at: start + 2, as: UInt16.self) ?? 0)
        // 0 is what Linux records for TCP segmentation offload: the length is the captured one.
        let totalLength = declared == 0 ? packet.readableBytes : declared
        guard totalLength >= headerLength else {
            throw .malformed("IPv4 total length \(totalLength) is below its header length \(headerLength)")
        }
        let fragmentField = packet.getInteger(at: start + 6, as: UInt16.self) ?? 0
        let proto = packet.getInteger(at: start + 9, as: UInt8.self) ?? 0
        let moreFragments = fragmentField & 0x2000 != 0
        let fragmentOffset = Int(fragmentField & 0x1FFF) * 8
        let isFragment = moreFragments || fragmentOffset != 0
        guard proto == 6 else { throw .notTCP(isFragment ? "IPv4 fragment of protocol \(proto)" : "IPv4 protocol \(proto)") }
        let captured = min(totalLength, packet.readableBytes)
        let source = address(packet, at: start + 12)
        let destination = address(packet, at: start + 16)
        let data = packet.getSlice(at: start + headerLength, length: captured - headerLength) ?? ByteBuffer()
        guard isFragment else {
            return .whole(IPPayload(source: source, destination: destination, segment: data, missingBytes: totalLength - captured))
        }
        let identification = UInt32(packet.getInteger(at: start + 4, as: UInt16.self) ?? 0)
        return .fragment(
            IPFragment(
                key: IPFragmentKey(version: .v4, source: source, destination: destination, protocol: proto, identification: identification),
                offset: fragmentOffset, moreFragments: moreFragments, bytes: data, missingBytes: totalLength - captured,
                countedHeaderBytes: headerLength, nextHeader: proto))
    }

    private static func address(_ packet: ByteBuffer, at index: Int) -> String {
        (packet.getBytes(at: index, length: 4) ?? [0, 0, 0, 0]).map(String.init).joined(separator: ".")
    }
}
