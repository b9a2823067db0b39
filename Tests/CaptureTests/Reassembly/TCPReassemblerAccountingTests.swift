import Capture
import NIOCore
import Testing

/// Bytes counted against the total limit leave the count with their connection: a closed
/// connection holds nothing, so the total cannot creep up until every segment is a gap.
@Suite struct TCPReassemblerAccountingTests {
    /// Client SYN, server SYN-ACK: both directions start at offset 0 with sequence 1.
    static func handshake(_ maker: inout SegmentMaker) -> [TCPSegment] {
        [maker.make(.clientToServer, seq: 0, flags: [.syn]), maker.make(.serverToClient, seq: 0, ack: 1, flags: [.syn, .ack])]
    }

    @Test func bytesWaitingPastALaterLearntFinAreDroppedAndUncounted() {
        var maker = SegmentMaker()
        var segments = Self.handshake(&maker)
        segments.append(maker.make(.clientToServer, seq: 1001, [UInt8](repeating: 0x41, count: 1000)))  // offset 1000
        segments.append(maker.make(.clientToServer, seq: 1, flags: [.fin, .ack], "0123456789"))  // the stream ends at 10
        segments.append(maker.make(.serverToClient, seq: 1, flags: [.fin, .ack]))
        let reassembler = TCPReassembler()
        var log = EventLog()
        for segment in segments { reassembler.process(segment) { log.events.append($0) } }
        #expect(log.closed.map(\.reason) == [.finished])
        #expect(reassembler.bufferedBytes == 0, "the 1000 bytes past the FIN must not stay counted")
        #expect(log.text(1, .clientToServer) == "0123456789")
        #expect(reassembler.statistics.bytesAfterFin == 1000 && reassembler.statistics.gaps == 0)
        reassembler.finish { log.events.append($0) }
        #expect(reassembler.bufferedBytes == 0 && log.contractViolations == [])
    }

    @Test func aWaitingPieceAcrossALaterLearntFinKeepsItsPartBeforeIt() {
        var maker = SegmentMaker()
        var segments = Self.handshake(&maker)
        segments.append(maker.make(.clientToServer, seq: 6, "FGHIJklmnopqrst"))  // offsets 5..<20
        segments.append(maker.make(.clientToServer, seq: 1, flags: [.fin, .ack], "abcdefghij"))  // FIN at 10
        let (log, statistics) = reassemble(segments)
        // The first-received copy wins for 5..<10; what lay past the FIN is dropped.
        #expect(log.text(1, .clientToServer) == "abcdeFGHIJ")
        #expect(statistics.bytesAfterFin == 10 && statistics.duplicateBytes == 5)
        #expect(log.contractViolations == [])
    }

    @Test func aConnectionFinishedByTheTotalLimitLeavesNothingCounted() {
        var maker = SegmentMaker()
        var segments = Self.handshake(&maker)
        segments.append(maker.make(.serverToClient, seq: 1, flags: [.fin, .ack]))
        // Bytes after a hole, then the FIN past them: the hole alone keeps the client open.
        segments.append(maker.make(.clientToServer, seq: 11, [UInt8](repeating: 0x42, count: 90)))
        segments.append(maker.make(.clientToServer, seq: 101, flags: [.fin, .ack]))
        // A second connection pushes the total over: the first gives up its hole and finishes.
        maker.client.port = 40001
        segments.append(maker.make(.clientToServer, seq: 0, flags: [.syn]))
        segments.append(maker.make(.clientToServer, seq: 21, [UInt8](repeating: 0x43, count: 50)))
        let reassembler = TCPReassembler(configuration: .init(maxTotalBufferedBytes: 100))
        var log = EventLog()
        for segment in segments { reassembler.process(segment) { log.events.append($0) } }
        #expect(log.closed.map(\.connection.number) == [1] && log.closed.first?.reason == .finished)
        #expect(reassembler.bufferedBytes == 50, "only the second connection's bytes wait")
        reassembler.finish { log.events.append($0) }
        #expect(reassembler.bufferedBytes == 0 && log.contractViolations == [])
    }
}
