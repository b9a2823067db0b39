import Capture
import NIOCore
import Testing

/// Byte order within one connection: handshake, in-order, out-of-order, duplicates, overlaps,
/// wraparound.
@Suite struct TCPReassemblerOrderingTests {
    @Test func handshakeRequestReplyAndFinBothWays() throws {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 1000, flags: [.syn]),
            maker.make(.serverToClient, seq: 5000, ack: 1001, flags: [.syn, .ack]),
            maker.make(.clientToServer, seq: 1001, ack: 5001),
            maker.make(.clientToServer, seq: 1001, ack: 5001, flags: [.ack, .psh], "PING\r\n"),
            maker.make(.serverToClient, seq: 5001, ack: 1007, flags: [.ack, .psh], "+PONG\r\n"),
            maker.make(.clientToServer, seq: 1007, ack: 5008, flags: [.ack, .fin]),
            maker.make(.serverToClient, seq: 5008, ack: 1008, flags: [.ack, .fin]),
            maker.make(.clientToServer, seq: 1008, ack: 5009),
        ]
        let (log, statistics) = reassemble(segments)
        #expect(log.contractViolations == [])
        let opened = try #require(log.opened.first)
        #expect(log.opened.count == 1)
        #expect(opened.client == maker.client && opened.server == maker.server && opened.evidence == .syn)
        #expect(opened.packetNumber == 1 && !opened.evidence.isMidStream)
        #expect(log.text(1, .clientToServer) == "PING\r\n")
        #expect(log.text(1, .serverToClient) == "+PONG\r\n")
        let request = try #require(log.data(1, .clientToServer).first)
        #expect(request.packetNumber == 4 && request.timestamp == segments[3].timestamp && request.offset == 0)
        #expect(log.closed.map(\.reason) == [.finished])
        #expect(log.closed.first?.packetNumber == 7)
        #expect(log.gaps.isEmpty)
        // The last ACK belongs to the closed connection: no phantom connection from it.
        #expect(statistics.connectionsOpened == 1 && statistics.ignoredSegments == 1)
    }

    @Test func outOfOrderSegmentsWaitForTheHoleAndCarryTheCompletingTimestamp() {
        var maker = SegmentMaker()
        let syn = maker.make(.clientToServer, seq: 99, flags: [.syn])
        let third = maker.make(.clientToServer, seq: 107, "hi")
        let first = maker.make(.clientToServer, seq: 100, "abcd")
        let second = maker.make(.clientToServer, seq: 104, "ef")
        let fourth = maker.make(.clientToServer, seq: 106, "gh")  // its "h" came first with the third
        let (log, statistics) = reassemble([syn, third, first, second, fourth])
        #expect(log.contractViolations == [])
        #expect(log.text(1, .clientToServer) == "abcdefghi")
        let chunks = log.data(1, .clientToServer)
        #expect(chunks.map(\.packetNumber) == [first.packetNumber, second.packetNumber, fourth.packetNumber, fourth.packetNumber])
        #expect(chunks.last?.timestamp == fourth.timestamp)
        #expect(statistics.duplicateBytes == 1 && log.gaps.isEmpty)
    }

    @Test func retransmissionsAreDeliveredOnceAndCounted() {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 0, flags: [.syn]),
            maker.make(.clientToServer, seq: 1, "hello "),
            maker.make(.clientToServer, seq: 1, "hello "),
            maker.make(.clientToServer, seq: 7, "world"),
            maker.make(.clientToServer, seq: 4, "lo wor"),  // partly old, entirely delivered
            maker.make(.clientToServer, seq: 10, "ld!"),  // "ld" old, "!" new
        ]
        let (log, statistics) = reassemble(segments)
        #expect(log.text(1, .clientToServer) == "hello world!")
        #expect(statistics.duplicateBytes == 6 + 6 + 2)
        #expect(log.contractViolations == [])
    }

    @Test func overlapsKeepTheFirstReceivedBytes() {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 0, flags: [.syn]),
            maker.make(.clientToServer, seq: 5, "BBBB"),  // offsets 4..<8, waits
            maker.make(.clientToServer, seq: 11, "DD"),  // offsets 10..<12, waits
            maker.make(.clientToServer, seq: 1, "aaaaaaaaaaaaaa"),  // offsets 0..<14 covers both
            maker.make(.clientToServer, seq: 1, "xxxxxxxxxxxxxxxxx"),  // all but 3 bytes old
        ]
        let (log, statistics) = reassemble(segments)
        #expect(log.text(1, .clientToServer) == "aaaaBBBBaaDDaaxxx")
        #expect(statistics.duplicateBytes == 6 + 14)
        #expect(log.contractViolations == [])
    }

    @Test func sequenceNumbersWrapAroundZero() {
        var maker = SegmentMaker()
        let isn = UInt32.max - 3
        let segments = [
            maker.make(.clientToServer, seq: isn, flags: [.syn]),
            maker.make(.serverToClient, seq: UInt32.max, ack: isn &+ 1, flags: [.syn, .ack]),
            maker.make(.clientToServer, seq: 1, "EFGH"),  // after the wrap, early
            maker.make(.clientToServer, seq: isn &+ 1, "ABCDEF"),  // crosses the wrap, overlaps "EF"
            maker.make(.serverToClient, seq: 0, "server"),
            maker.make(.clientToServer, seq: 5, flags: [.fin, .ack]),
            maker.make(.serverToClient, seq: 6, flags: [.fin, .ack]),
        ]
        let (log, _) = reassemble(segments)
        #expect(log.text(1, .clientToServer) == "ABCDEFGH")
        #expect(log.text(1, .serverToClient) == "server")
        #expect(log.closed.map(\.reason) == [.finished])
        #expect(log.contractViolations == [])
    }

    @Test func aFinBeforeTheLastBytesClosesOnceTheyArrive() {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 0, flags: [.syn]),
            maker.make(.serverToClient, seq: 0, ack: 1, flags: [.syn, .ack]),
            maker.make(.clientToServer, seq: 4, flags: [.fin, .ack], "tail"),
            maker.make(.serverToClient, seq: 1, flags: [.fin, .ack]),
            maker.make(.clientToServer, seq: 1, "abc"),
            maker.make(.clientToServer, seq: 8, "after the FIN"),
        ]
        let (log, statistics) = reassemble(segments, finish: false)
        #expect(log.text(1, .clientToServer) == "abctail")
        #expect(log.closed.map(\.reason) == [.finished])
        #expect(log.closed.first?.packetNumber == 5)
        #expect(statistics.ignoredSegments == 1)  // the segment after close
        #expect(log.contractViolations == [])
    }

    @Test func bytesPastTheFinAreDroppedAndCounted() {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 0, flags: [.syn]),
            maker.make(.clientToServer, seq: 1, flags: [.fin, .ack], "ab"),
            maker.make(.clientToServer, seq: 2, "bcd"),
        ]
        let (log, statistics) = reassemble(segments)
        #expect(log.text(1, .clientToServer) == "ab")
        #expect(statistics.bytesAfterFin == 2 && statistics.duplicateBytes == 1)
        #expect(log.closed.map(\.reason) == [.endOfInput])
    }

    @Test func dataOnTheSynStartsAfterIt() {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 41, flags: [.syn], "GET"),  // TCP Fast Open
            maker.make(.serverToClient, seq: 7, ack: 45, flags: [.syn, .ack]),
            maker.make(.clientToServer, seq: 45, " /"),
        ]
        let (log, _) = reassemble(segments)
        #expect(log.text(1, .clientToServer) == "GET /")
        #expect(log.contractViolations == [])
    }
}
