import Capture
import NIOCore
import Testing

/// The limit on out-of-order bytes across all connections: the directions holding the most
/// give up their holes (a gap, as a full per-direction buffer does), down to three quarters
/// of the limit, and go on.
@Suite struct TCPReassemblerTotalLimitTests {
    /// Connection `index` (client port 40000 + index) opens, then sends `waiting` bytes after a
    /// 10-byte hole.
    static func holdingBytes(_ maker: inout SegmentMaker, index: UInt16, waiting: Int) -> [TCPSegment] {
        maker.client.port = 40000 + index
        return [
            maker.make(.clientToServer, seq: 0, flags: [.syn]),
            maker.make(.clientToServer, seq: 11, [UInt8](repeating: UInt8(ascii: "a") &+ UInt8(truncatingIfNeeded: index), count: waiting)),
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
        // The fifth makes 550: connection 3 (150) goes first, then the first opened of the
        // equal ones, 1, leaving 300 (at most 375). The eighth makes 600: 2, 4 and 5 go.
        #expect(log.gaps.map(\.connection.number) == [3, 1, 2, 4, 5])
        #expect(log.gaps.allSatisfy { $0.cause == .bufferLimit && $0.offset == 0 && $0.length == 10 })
        #expect(log.gaps.map(\.packetNumber) == [10, 10, 16, 16, 16], "declared by the segments that went over the limit")
        #expect(log.text(3, .clientToServer) == String(repeating: "d", count: 150) + "in order after the gap")
        #expect(log.text(1, .clientToServer) == String(repeating: "b", count: 100))
        #expect(log.data(6, .clientToServer).isEmpty, "connection 6 still waits for its hole")
        #expect(reassembler.bufferedBytes == 300 && reassembler.statistics.gaps == 5)
        reassembler.finish { log.events.append($0) }
        #expect(reassembler.bufferedBytes == 0 && log.contractViolations == [])
    }

    /// At the limit, tiny out-of-order segments must not each pay for a scan of every
    /// connection: one segment over the limit frees a quarter of it at once, so the segments
    /// that declare gaps (each one scan) are few however many come.
    @Test func atTheLimitTinySegmentsRarelyForceAScan() {
        var maker = SegmentMaker()
        var segments: [TCPSegment] = []
        // 1,000 connections of 10 waiting bytes: exactly the limit of 10,000.
        for index: UInt16 in 0..<1000 { segments += Self.holdingBytes(&maker, index: index, waiting: 10) }
        maker.client.port = 60000
        segments.append(maker.make(.clientToServer, seq: 0, flags: [.syn]))
        let flood = (0..<3000).map { step in maker.make(.clientToServer, seq: 12 + UInt32(step) * 2, [0x7A]) }
        let reassembler = TCPReassembler(configuration: .init(maxTotalBufferedBytes: 10_000))
        var log = EventLog()
        for segment in segments { reassembler.process(segment) { log.events.append($0) } }
        #expect(reassembler.bufferedBytes == 10_000 && log.gaps.isEmpty)
        var afterFirstOverflow: Int?
        for segment in flood {
            reassembler.process(segment) { log.events.append($0) }
            if afterFirstOverflow == nil, !log.gaps.isEmpty { afterFirstOverflow = reassembler.bufferedBytes }
            #expect(reassembler.bufferedBytes <= 10_000)
        }
        #expect(afterFirstOverflow.map { $0 <= 7_500 } == true, "down to three quarters, not just under the limit")
        // 3,000 bytes over a 10,000 limit, freed 2,500 at a time: two overflows, not hundreds.
        let scans = Set(log.gaps.map(\.packetNumber))
        #expect(scans.count <= 2, "\(scans.count) segments went over the limit")
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
