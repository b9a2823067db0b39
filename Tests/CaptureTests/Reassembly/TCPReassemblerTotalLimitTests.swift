import Capture
import NIOCore
import Testing

/// The limit on out-of-order bytes across all connections: the direction holding the most
/// gives up its hole (a gap, as a full per-direction buffer does) and goes on.
@Suite struct TCPReassemblerTotalLimitTests {
    /// Connection `index` (client port 40000 + index) opens, then sends `waiting` bytes after a
    /// 10-byte hole.
    static func holdingBytes(_ maker: inout SegmentMaker, index: UInt16, waiting: Int) -> [TCPSegment] {
        maker.client.port = 40000 + index
        return [
            maker.make(.clientToServer, seq: 0, flags: [.syn]),
            maker.make(.clientToServer, seq: 11, [UInt8](repeating: UInt8(ascii: "a") + UInt8(index), count: waiting)),
        ]
    }

    @Test func theLargestDirectionIsEvictedWithAGapAndItsStreamContinues() throws {
        var maker = SegmentMaker()
        var segments: [TCPSegment] = []
        // Connections of 100 waiting bytes, but connection 3 holds 150: the fifth goes over 500.
        for index: UInt16 in 1...8 { segments += Self.holdingBytes(&maker, index: index, waiting: index == 3 ? 150 : 100) }
        maker.client.port = 40003
        let later = maker.make(.clientToServer, seq: 161, "in order after the gap")
        segments.append(later)
        let reassembler = TCPReassembler(configuration: .init(maxTotalBufferedBytes: 500))
        var log = EventLog()
        var mostBuffered = 0
        for segment in segments {
            reassembler.process(segment) { log.events.append($0) }
            mostBuffered = max(mostBuffered, reassembler.bufferedBytes)
        }
        #expect(mostBuffered <= 500)
        // Connection 3 (150) goes first; later, the first opened of the equal ones: 1, then 2.
        #expect(log.gaps.map(\.connection.number) == [3, 1, 2])
        #expect(log.gaps.allSatisfy { $0.cause == .bufferLimit && $0.offset == 0 && $0.length == 10 })
        #expect(log.gaps.first?.packetNumber == 10, "declared by the segment that went over the limit")
        #expect(log.text(3, .clientToServer) == String(repeating: "d", count: 150) + "in order after the gap")
        #expect(log.text(1, .clientToServer) == String(repeating: "b", count: 100))
        #expect(log.data(4, .clientToServer).isEmpty, "connection 4 still waits for its hole")
        #expect(reassembler.bufferedBytes == 500 && reassembler.statistics.gaps == 3)
        reassembler.finish { log.events.append($0) }
        #expect(reassembler.bufferedBytes == 0 && log.contractViolations == [])
    }

    @Test func inOrderTrafficNeverTouchesTheLimit() {
        var maker = SegmentMaker()
        var segments = [maker.make(.clientToServer, seq: 0, flags: [.syn])]
        for index: UInt32 in 0..<50 { segments.append(maker.make(.clientToServer, seq: 1 + index * 10, "0123456789")) }
        let (log, statistics) = reassemble(segments, configuration: .init(maxTotalBufferedBytes: 0))
        #expect(log.bytes(1, .clientToServer).count == 500 && statistics.gaps == 0)
    }
}
