import NIOCore

enum TCPLayer {
    /// Decodes the TCP header (options skipped by the data offset) of a captured segment.
    static func segment(_ ip: IPPayload, timestamp: Int64, packetNumber: Int) throws(PacketSkip) -> TCPSegment {
        var bytes = ip.segment
        try PacketSkip.require(20, in: bytes, for: "TCP header")
        let start = bytes.readerIndex
        let headerLength = Int((bytes.getInteger(at: start + 12, as: UInt8.self) ?? 0) >> 4) * 4
        guard headerLength >= 20 else { throw .malformed("TCP data offset \(headerLength) is below the minimum of 20") }
        guard headerLength <= bytes.readableBytes else {
            throw .malformed("TCP data offset \(headerLength) but only \(bytes.readableBytes) bytes of segment captured")
        }
        let sourcePort = bytes.getInteger(at: start, as: UInt16.self) ?? 0
        let destinationPort = bytes.getInteger(at: start + 2, as: UInt16.self) ?? 0
        let sequence = bytes.getInteger(at: start + 4, as: UInt32.self) ?? 0
        let acknowledgment = bytes.getInteger(at: start + 8, as: UInt32.self) ?? 0
        let flags = TCPFlags(rawValue: (bytes.getInteger(at: start + 13, as: UInt8.self) ?? 0) & 0x1F)
        let window = bytes.getInteger(at: start + 14, as: UInt16.self) ?? 0
        bytes.moveReaderIndex(forwardBy: headerLength)
        return TCPSegment(
            timestamp: timestamp, source: TCPEndpoint(address: ip.source, port: sourcePort),
            destination: TCPEndpoint(address: ip.destination, port: destinationPort), sequence: sequence,
            acknowledgment: acknowledgment, flags: flags, window: window, payload: bytes, packetNumber: packetNumber)
    }
}
