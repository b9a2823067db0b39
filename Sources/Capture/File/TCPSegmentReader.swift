/// A capture file's TCP segments in file order, for reassembly. Packets without TCP are
/// counted and skipped; malformed packets are recorded in `problems` and skipped; a segment
/// whose payload a snap length cut is returned with what there is, and recorded too.
///
/// IP fragments are put back together (`IPFragmentReassembler`): the segment of a fragmented
/// datagram comes when its last missing fragment is read, with that packet's number and time.
/// Datagrams that never complete (within the timeout, the limits, or by the end of the file)
/// are recorded in `problems` at their first fragment's packet.
///
/// A file that breaks off (cut mid-packet, corrupt block) throws from `next()`: the segments
/// returned before it are the partial result.
public final class TCPSegmentReader {
    public let file: PcapFileReader
    public private(set) var problems: CaptureProblems
    /// Packets read that carry no TCP (ARP, UDP, ...).
    public private(set) var notTCPCount = 0
    public let fragments: IPFragmentReassembler

    public init(path: String, problemsKept: Int = 100, ipReassembly: IPReassemblyConfiguration = .init()) throws(CaptureError) {
        file = try PcapFileReader(path: path)
        problems = CaptureProblems(limit: problemsKept)
        fragments = IPFragmentReassembler(configuration: ipReassembly)
    }

    public func next() throws(CaptureError) -> TCPSegment? {
        do throws(CaptureError) {
            while let packet = try file.next() {
                let decoding = PacketDecoder.decode(packet, fileOffset: file.recordOffset, reassembling: fragments) { record($0) }
                switch decoding {
                case .segment(let segment)?:
                    return segment
                case .truncatedSegment(let segment, let reason)?:
                    problems.record(problem(reason, packet))
                    return segment
                case .notTCP?:
                    notTCPCount += 1
                case .malformed(let reason)?:
                    problems.record(problem(reason, packet))
                case nil:
                    continue  // a fragment, held until its datagram completes
                }
            }
        } catch {
            fragments.finish { record($0) }
            throw error
        }
        fragments.finish { record($0) }
        return nil
    }

    private func problem(_ reason: String, _ packet: CapturedPacket) -> CaptureError {
        CaptureError(file: file.path, offset: file.recordOffset, packet: packet.number, reason: reason)
    }

    private func record(_ dropped: IPReassemblyProblem) {
        problems.record(CaptureError(file: file.path, offset: dropped.fileOffset, packet: dropped.packetNumber, reason: dropped.reason))
    }
}
