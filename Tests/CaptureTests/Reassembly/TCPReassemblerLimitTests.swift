import Capture
import NIOCore
import Testing

/// Bounded memory and the end of input: holes become gaps, the stream goes on.
@Suite struct TCPReassemblerLimitTests {
    @Test func aFullOutOfOrderBufferGivesUpOnTheHoleAndContinues() throws {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 0, flags: [.syn]),
            maker.make(.clientToServer, seq: 1, "0123"),
            // offsets 4..<10 never arrive
            maker.make(.clientToServer, seq: 11, "ABCDE"),
            maker.make(.clientToServer, seq: 21, "KLMNO"),  // 10 bytes waiting: at the limit
            maker.make(.clientToServer, seq: 16, "FGHIJ"),  // fills 15..<20 → 15 waiting: over
            maker.make(.clientToServer, seq: 26, "PQ"),
            maker.make(.clientToServer, seq: 5, "late!!"),  // the hole's bytes, after the gap: dropped
        ]
        let (log, statistics) = reassemble(segments, configuration: .init(maxBufferedBytes: 10), finish: false)
        let gap = try #require(log.gaps.first)
        #expect(log.gaps.count == 1)
        #expect(gap.cause == .bufferLimit && gap.offset == 4 && gap.length == 6 && gap.sequence == 5)
        #expect(gap.packetNumber == 5 && gap.description.contains("6 bytes missing at stream offset 4"))
        #expect(log.text(1, .clientToServer) == "0123ABCDEFGHIJKLMNOPQ")
        #expect(statistics.gapBytes == 6 && statistics.duplicateBytes == 6)
        #expect(log.contractViolations == [])
    }

    @Test func tooManyWaitingSegmentsAlsoGiveUpOnTheHole() {
        var maker = SegmentMaker()
        var segments = [maker.make(.clientToServer, seq: 0, flags: [.syn])]
        for index: UInt32 in 0..<5 { segments.append(maker.make(.clientToServer, seq: 10 + index * 2, "x")) }
        let (log, _) = reassemble(segments, configuration: .init(maxBufferedSegments: 3), finish: false)
        #expect(log.gaps.map(\.length) == [9, 1])
        #expect(log.bytes(1, .clientToServer).count == 2)
        #expect(log.contractViolations == [])
    }

    @Test func finishDeliversWhatWaitsAfterGapsAndClosesInConnectionOrder() {
        var maker = SegmentMaker()
        var segments = [
            maker.make(.clientToServer, seq: 0, flags: [.syn]),
            maker.make(.clientToServer, seq: 11, "late"),
            maker.make(.serverToClient, seq: 0, ack: 1, flags: [.syn, .ack]),
            maker.make(.serverToClient, seq: 3, flags: [.fin, .ack], "end"),  // offsets 2..<5, FIN at 5
        ]
        maker.client.port = 40001
        segments.append(maker.make(.clientToServer, seq: 0, flags: [.syn]))
        let (log, _) = reassemble(segments)
        #expect(log.text(1, .clientToServer) == "late" && log.text(1, .serverToClient) == "end")
        #expect(log.gaps.map(\.length) == [10, 2])
        #expect(log.gaps.allSatisfy { $0.cause == .connectionEnded && $0.packetNumber == 4 })
        #expect(log.closed.map(\.connection.number) == [1, 2])
        #expect(log.closed.allSatisfy { $0.reason == .endOfInput && $0.packetNumber == nil })
        #expect(log.contractViolations == [])
    }

    @Test func aHoleBeforeASeenFinIsReportedAtTheEnd() {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 0, flags: [.syn]),
            maker.make(.clientToServer, seq: 1, "ab"),
            maker.make(.clientToServer, seq: 9, flags: [.fin, .ack]),
        ]
        let (log, _) = reassemble(segments)
        #expect(log.gaps.map(\.offset) == [2] && log.gaps.map(\.length) == [6])
        #expect(log.contractViolations == [])
    }

    @Test func extremeTimestampsAndSequencesDoNotTrap() {
        var maker = SegmentMaker()
        var segments = [
            maker.make(.clientToServer, seq: 0, flags: [.syn]),
            maker.make(.clientToServer, seq: 0x8000_0001, "far"),
            maker.make(.clientToServer, seq: 0x7FFF_FFFF, "far too"),
        ]
        segments[0].timestamp = .max
        segments[1].timestamp = .min
        var closedLater = maker.make(.clientToServer, seq: 5, flags: [.rst])
        closedLater.timestamp = .min
        segments.append(closedLater)
        segments.append(maker.make(.clientToServer, seq: 1, "again"))
        let configuration = TCPReassemblerConfiguration(maxBufferedBytes: 0, idleTimeout: 1)
        let (log, _) = reassemble(segments, configuration: configuration)
        #expect(log.contractViolations == [])
        #expect(!log.closed.isEmpty)
    }
}
