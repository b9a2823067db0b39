import NIOCore

/// Lays out one TCP segment inside an IPv4 or IPv6 header, checksums filled in, as a Linux
/// host would send it over `lo`: TTL/hop limit 64, IPv4 "don't fragment", no IP options.
struct TCPPacketBuilder: Sendable {
    /// 4 or 16 bytes each, same length (the synthesizer checks).
    let sourceAddress: [UInt8]
    let destinationAddress: [UInt8]
    let sourcePort: UInt16
    let destinationPort: UInt16

    var isIPv6: Bool { sourceAddress.count == 16 }

    struct Segment {
        var sequence: UInt32
        var acknowledgment: UInt32
        var flags: TCPFlags
        var window: UInt16
        /// Whole 32-bit words (the synthesizer only sends MSS, 4 bytes).
        var options: [UInt8] = []
        var payload: ByteBufferView = ByteBuffer().readableBytesView
        /// IPv4 identification; unused for IPv6.
        var identification: UInt16 = 0
    }

    func packet(_ segment: Segment) -> ByteBuffer {
        let tcpLength = 20 + segment.options.count + segment.payload.count
        var packet = ByteBuffer()
        packet.reserveCapacity((isIPv6 ? 40 : 20) + tcpLength)
        if isIPv6 {
            writeIPv6Header(into: &packet, payloadLength: tcpLength)
        } else {
            writeIPv4Header(into: &packet, totalLength: 20 + tcpLength, identification: segment.identification)
        }
        let tcpStart = packet.writerIndex
        packet.writeInteger(sourcePort)
        packet.writeInteger(destinationPort)
        packet.writeInteger(segment.sequence)
        packet.writeInteger(segment.acknowledgment)
        // Data offset in words, then the flags byte (no ECN/CWR bits).
        packet.writeInteger(UInt8((20 + segment.options.count) / 4) << 4)
        packet.writeInteger(segment.flags.rawValue)
        packet.writeInteger(segment.window)
        let checksumIndex = packet.writerIndex
        packet.writeInteger(UInt16(0))
        packet.writeInteger(UInt16(0))  // urgent pointer
        packet.writeBytes(segment.options)
        packet.writeBytes(segment.payload)

        var checksum = InternetChecksum()
        checksum.add(sourceAddress)
        checksum.add(destinationAddress)
        // Pseudo-header: IPv4 zero + protocol + TCP length; IPv6 32-bit length + next header.
        // Both sum to the same words for lengths below 65,536.
        checksum.add(UInt16(6))
        checksum.add(UInt16(tcpLength))
        if let tcp = packet.getSlice(at: tcpStart, length: tcpLength) { checksum.add(tcp) }
        packet.setInteger(checksum.value, at: checksumIndex)
        return packet
    }

    private func writeIPv4Header(into packet: inout ByteBuffer, totalLength: Int, identification: UInt16) {
        let start = packet.writerIndex
        packet.writeInteger(UInt8(0x45))  // version 4, 5 words
        packet.writeInteger(UInt8(0))  // DSCP/ECN
        packet.writeInteger(UInt16(totalLength))
        packet.writeInteger(identification)
        packet.writeInteger(UInt16(0x4000))  // don't fragment, offset 0
        packet.writeInteger(UInt8(64))  // TTL
        packet.writeInteger(UInt8(6))  // TCP
        packet.writeInteger(UInt16(0))  // checksum, below
        packet.writeBytes(sourceAddress)
        packet.writeBytes(destinationAddress)
        var checksum = InternetChecksum()
        if let header = packet.getSlice(at: start, length: 20) { checksum.add(header) }
        packet.setInteger(checksum.value, at: start + 10)
    }

    private func writeIPv6Header(into packet: inout ByteBuffer, payloadLength: Int) {
        packet.writeInteger(UInt32(6) << 28)  // version 6, traffic class 0, flow label 0
        packet.writeInteger(UInt16(payloadLength))
        packet.writeInteger(UInt8(6))  // next header: TCP
        packet.writeInteger(UInt8(64))  // hop limit
        packet.writeBytes(sourceAddress)
        packet.writeBytes(destinationAddress)
    }
}
