import NIOCore

/// What a captured packet holds for TCP reading.
public enum PacketDecoding: Sendable {
    case segment(TCPSegment)
    /// The capture holds only the first part of the payload (a snap length cut it): the
    /// segment carries what there is, and reassembly will see the rest as missing.
    case truncatedSegment(TCPSegment, reason: String)
    /// ARP, UDP, ICMP ...: not a problem, just nothing for TCP reading.
    case notTCP(reason: String)
    /// Headers that contradict themselves or the captured length: a problem of this packet
    /// only; reading goes on with the next one.
    case malformed(reason: String)
}

/// Link layer → IPv4 / IPv6 → TCP, from the bytes of one captured packet.
public enum PacketDecoder {
    public static func decode(_ packet: CapturedPacket) -> PacketDecoding {
        do throws(PacketSkip) {
            var bytes = packet.data
            let version = try LinkLayer.ipPacket(in: &bytes, linkType: packet.linkType)
            let ip = try version == .v4 ? IPv4Layer.tcpPayload(bytes) : IPv6Layer.tcpPayload(bytes)
            let segment = try TCPLayer.segment(ip, timestamp: packet.timestamp, packetNumber: packet.number)
            guard ip.missingBytes > 0 else { return .segment(segment) }
            let captured = segment.payload.readableBytes
            let whole = "\(captured) of \(captured + ip.missingBytes) payload bytes captured"
            // Without a snap length cut, the IP header's length is the lie.
            guard packet.data.readableBytes < packet.originalLength else {
                return .malformed(reason: "IP length says \(ip.missingBytes) bytes more than the packet holds (\(whole))")
            }
            return .truncatedSegment(segment, reason: "snap length cut the payload: \(whole)")
        } catch {
            switch error {
            case .notTCP(let reason): return .notTCP(reason: reason)
            case .malformed(let reason): return .malformed(reason: reason)
            }
        }
    }
}
