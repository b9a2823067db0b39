/// A capture file's TCP segments in file order, for reassembly. Packets without TCP are
/// counted and skipped; malformed packets are recorded in `problems` and skipped; a segment
/// whose payload a snap length cut is returned with what there is, and recorded too.
///
/// A file that breaks off (cut mid-packet, corrupt block) throws from `next()`: the segments
/// returned before it are the partial result.
public final class TCPSegmentReader {
    public let file: PcapFileReader
    public private(set) var problems: CaptureProblems
    /// Packets read that carry no TCP (ARP, UDP, ...).
    public private(set) var notTCPCount = 0

    public init(path: String, problemsKept: Int = 100) throws(CaptureError) {
        file = try PcapFileReader(path: path)
        problems = CaptureProblems(limit: problemsKept)
    }

    public func next() throws(CaptureError) -> TCPSegment? {
        while let packet = try file.next() {
            switch PacketDecoder.decode(packet) {
            case .segment(let segment):
                return segment
            case .truncatedSegment(let segment, let reason):
                problems.record(problem(reason, packet))
                return segment
            case .notTCP:
                notTCPCount += 1
            case .malformed(let reason):
                problems.record(problem(reason, packet))
            }
        }
        return nil
    }

    private func problem(_ reason: String, _ packet: CapturedPacket) -> CaptureError {
        CaptureError(file: file.path, offset: file.recordOffset, packet: packet.number, reason: reason)
    }
}
