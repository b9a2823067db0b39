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
    /// One packet on its own: an IP fragment is reported as malformed, since its datagram
    /// needs the other packets (`decode(_:fileOffset:reassembling:report:)` puts it together).
    public static func decode(_ packet: CapturedPacket) -> PacketDecoding {
        do throws(PacketSkip) {
            switch try ipLayer(packet) {
            case .whole(let ip):
                return try segment(ip, of: packet)
            case .fragment(let fragment):
                return .malformed(reason: "\(fragment.summary): a fragment needs the other packets of its datagram (TCPSegmentReader reassembles them)")
            }
        } catch {
            return decoding(error)
        }
    }

    /// One packet of a capture read in order, with IP fragments handed to `fragments`: nil when
    /// the packet is a fragment held until its datagram completes; the segment of the datagram
    /// when it completes one. Datagrams the reassembler gives up on (too old, evicted) are
    /// passed to `report`; `fileOffset` is this packet's, for those reports.
    public static func decode(
        _ packet: CapturedPacket, fileOffset: Int64? = nil, reassembling fragments: IPFragmentReassembler,
        report: (IPReassemblyProblem) -> Void
    ) -> PacketDecoding? {
        if fragments.pendingDatagramCount > 0 { fragments.expire(now: packet.timestamp, report: report) }
        do throws(PacketSkip) {
            switch try ipLayer(packet) {
            case .whole(let ip):
                return try segment(ip, of: packet)
            case .fragment(let fragment):
                let origin = IPFragmentOrigin(packetNumber: packet.number, timestamp: packet.timestamp, fileOffset: fileOffset)
                let snapCut = packet.data.readableBytes < packet.originalLength
                switch fragments.add(fragment, origin: origin, snapCut: snapCut, report: report) {
                case .held: return nil
                case .malformed(let reason): return .malformed(reason: reason)
                case .complete(let datagram):
                    let ip = try datagram.key.version == .v4
                        ? IPPayload(source: datagram.key.source, destination: datagram.key.destination, segment: datagram.payload, missingBytes: 0)
                        : IPv6Layer.tcpPayload(of: datagram)
                    return .segment(try TCPLayer.segment(ip, timestamp: datagram.timestamp, packetNumber: datagram.packetNumber))
                }
            }
        } catch {
            return decoding(error)
        }
    }

    private static func ipLayer(_ packet: CapturedPacket) throws(PacketSkip) -> IPLayerResult {
        var bytes = packet.data
        let version = try LinkLayer.ipPacket(in: &bytes, linkType: packet.linkType)
        return try version == .v4 ? IPv4Layer.decode(bytes) : IPv6Layer.decode(bytes)
    }

    private static func segment(_ ip: IPPayload, of packet: CapturedPacket) throws(PacketSkip) -> PacketDecoding {
        let segment = try TCPLayer.segment(ip, timestamp: packet.timestamp, packetNumber: packet.number)
        guard ip.missingBytes > 0 else { return .segment(segment) }
        let captured = segment.payload.readableBytes
        let whole = "\(captured) of \(captured + ip.missingBytes) payload bytes captured"
        // Without a snap length cut, the IP header's length is the lie.
        guard packet.data.readableBytes < packet.originalLength else {
            return .malformed(reason: "IP length says \(ip.missingBytes) bytes more than the packet holds (\(whole))")
        }
        return .truncatedSegment(segment, reason: "snap length cut the payload: \(whole)")
    }

    private static func decoding(_ skip: PacketSkip) -> PacketDecoding {
        switch skip {
        case .notTCP(let reason): .notTCP(reason: reason)
        case .malformed(let reason): .malformed(reason: reason)
        }
    }
}
