import Capture
import NIOCore
import Testing

/// Connection life cycle: who is the client, SYN retransmits, reuse, resets, mid-stream
/// captures, expiry and eviction.
@Suite struct TCPReassemblerConnectionTests {
    @Test func retransmittedSynsOpenOneConnection() {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 7, flags: [.syn]),
            maker.make(.clientToServer, seq: 7, flags: [.syn]),
            maker.make(.serverToClient, seq: 70, ack: 8, flags: [.syn, .ack]),
            maker.make(.serverToClient, seq: 70, ack: 8, flags: [.syn, .ack]),
            maker.make(.clientToServer, seq: 8, "x"),
        ]
        let (log, statistics) = reassemble(segments)
        #expect(log.opened.count == 1 && statistics.ignoredSegments == 2)
        #expect(log.text(1, .clientToServer) == "x")
    }

    @Test func aNewSynAfterCloseOpensANewConnectionOnTheSameTuple() {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 0, flags: [.syn]),
            maker.make(.serverToClient, seq: 0, ack: 1, flags: [.syn, .ack]),
            maker.make(.clientToServer, seq: 1, flags: [.ack, .fin], "one"),
            maker.make(.serverToClient, seq: 1, flags: [.ack, .fin]),
            maker.make(.clientToServer, seq: 5, ack: 2),  // last ACK
            maker.make(.clientToServer, seq: 900, flags: [.syn]),
            maker.make(.serverToClient, seq: 300, ack: 901, flags: [.syn, .ack]),
            maker.make(.clientToServer, seq: 901, "two"),
        ]
        let (log, _) = reassemble(segments)
        #expect(log.opened.map(\.connection.number) == [1, 2])
        #expect(log.text(1, .clientToServer) == "one" && log.text(2, .clientToServer) == "two")
        #expect(log.closed.map(\.reason) == [.finished, .endOfInput])
        #expect(log.contractViolations == [])
    }

    @Test func aSynWithAnotherInitialSequenceReplacesAnOpenConnection() {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 0, flags: [.syn]),
            maker.make(.clientToServer, seq: 1, "old"),
            maker.make(.clientToServer, seq: 5000, flags: [.syn]),
            maker.make(.clientToServer, seq: 5001, "new"),
        ]
        let (log, _) = reassemble(segments)
        #expect(log.closed.map(\.reason) == [.replaced, .endOfInput])
        #expect(log.closed.first?.packetNumber == 3)
        #expect(log.text(1, .clientToServer) == "old" && log.text(2, .clientToServer) == "new")
    }

    @Test func midStreamDirectionComesFromAKnownPortThenTheLowerPort() throws {
        var maker = SegmentMaker()
        maker.client = TCPEndpoint(address: "10.0.0.1", port: 5672)
        maker.server = TCPEndpoint(address: "10.0.0.2", port: 61000)
        // No handshake: the lower port (5672) would be taken as the server's…
        let guessed = reassemble([maker.make(.clientToServer, seq: 10, "abc")]).log
        let lower = try #require(guessed.opened.first)
        #expect(lower.evidence == .lowerPort && lower.server.port == 5672 && lower.evidence.isMidStream)
        #expect(guessed.text(1, .serverToClient) == "abc")
        // …unless the other port is a known server port.
        let told = reassemble([maker.make(.clientToServer, seq: 10, "abc")], configuration: .init(serverPorts: [61000])).log
        let known = try #require(told.opened.first)
        #expect(known.evidence == .knownServerPort(61000) && known.server.port == 61000 && known.client.port == 5672)
        #expect(told.text(1, .clientToServer) == "abc")
        #expect(known.evidence.description.contains("61000"))
    }

    @Test func equalPortsTakeTheFirstSegmentsDestinationAsTheServer() throws {
        var maker = SegmentMaker()
        maker.client = TCPEndpoint(address: "::1", port: 9000)
        maker.server = TCPEndpoint(address: "::2", port: 9000)
        let log = reassemble([maker.make(.serverToClient, seq: 1, "hi")]).log
        let opened = try #require(log.opened.first)
        #expect(opened.evidence == .firstSegmentDestination && opened.server == maker.client)
    }

    @Test func aSynAckWithoutItsSynSetsBothDirections() throws {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.serverToClient, seq: 500, ack: 101, flags: [.syn, .ack]),
            maker.make(.clientToServer, seq: 103, "cd"),  // early: the client's stream starts at 101
            maker.make(.clientToServer, seq: 101, "ab"),
        ]
        let log = reassemble(segments).log
        let opened = try #require(log.opened.first)
        #expect(opened.evidence == .synAck && opened.client == maker.client)
        #expect(log.text(1, .clientToServer) == "abcd")
    }

    @Test func midStreamConnectionsStartAtTheFirstSegmentAndIgnorePureAcks() {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 3_000_000_000, ack: 77),  // pure ACK: nothing to open on
            maker.make(.serverToClient, seq: 77, flags: [.ack, .rst]),  // RST of an unseen connection
            maker.make(.serverToClient, seq: 77, "+OK\r\n"),
            maker.make(.clientToServer, seq: 3_000_000_000, "GET k\r\n"),
        ]
        let (log, statistics) = reassemble(segments)
        #expect(statistics.ignoredSegments == 2 && log.opened.count == 1)
        #expect(log.opened.first?.evidence == .lowerPort)
        #expect(log.text(1, .serverToClient) == "+OK\r\n" && log.text(1, .clientToServer) == "GET k\r\n")
    }

    @Test func aResetClosesAndFlushesWhatWasWaiting() {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.clientToServer, seq: 0, flags: [.syn]),
            maker.make(.clientToServer, seq: 1, "ab"),
            maker.make(.clientToServer, seq: 6, "fg"),  // offsets 5..<7, waits behind a 3-byte hole
            maker.make(.serverToClient, seq: 400, flags: [.rst, .ack]),
            maker.make(.clientToServer, seq: 8, "late"),
        ]
        let (log, statistics) = reassemble(segments)
        #expect(log.closed.map(\.reason) == [.reset(by: .serverToClient)])
        #expect(log.text(1, .clientToServer) == "abfg")
        #expect(log.gaps.map(\.length) == [3] && log.gaps.first?.cause == .connectionEnded && log.gaps.first?.sequence == 3)
        #expect(statistics.ignoredSegments == 1)
        #expect(log.contractViolations == [])
    }

    @Test func idleConnectionsExpireOnCaptureTime() {
        var maker = SegmentMaker()
        var segments = [maker.make(.clientToServer, seq: 0, flags: [.syn]), maker.make(.clientToServer, seq: 1, "a")]
        maker.client.port = 40001
        maker.time += 30_000_000
        segments.append(maker.make(.clientToServer, seq: 0, flags: [.syn]))
        let (log, _) = reassemble(segments, configuration: .init(idleTimeout: 10_000_000), finish: false)
        #expect(log.closed.map(\.reason) == [.idle])
        #expect(log.closed.first?.connection.number == 1 && log.closed.first?.timestamp == segments[1].timestamp)
    }

    @Test func expireClosesWhatWasInactiveSinceAGivenTime() {
        var maker = SegmentMaker()
        let segments = [maker.make(.clientToServer, seq: 0, flags: [.syn])]
        let reassembler = TCPReassembler()
        var log = EventLog()
        reassembler.process(segments[0]) { log.events.append($0) }
        #expect(reassembler.openConnectionCount == 1)
        reassembler.expire(inactiveSince: segments[0].timestamp) { log.events.append($0) }
        #expect(log.closed.isEmpty)
        reassembler.expire(inactiveSince: segments[0].timestamp + 1) { log.events.append($0) }
        #expect(log.closed.map(\.reason) == [.idle] && reassembler.openConnectionCount == 0)
    }

    @Test func pastMaxConnectionsTheLeastRecentlyActiveIsEvicted() {
        var maker = SegmentMaker()
        var segments: [TCPSegment] = []
        for port: UInt16 in [40001, 40002, 40003] {
            maker.client.port = port
            segments.append(maker.make(.clientToServer, seq: 0, flags: [.syn]))
        }
        maker.client.port = 40001
        segments.insert(maker.make(.clientToServer, seq: 1, "keep me"), at: 2)  // 40001 is now the most recent
        let (log, _) = reassemble(segments, configuration: .init(maxConnections: 2), finish: false)
        #expect(log.closed.map(\.reason) == [.evicted])
        #expect(log.closed.first?.connection.number == 2)
    }

    @Test func anErrorThrownByTheConsumerStopsThatCallOnly() {
        struct Stop: Error {}
        var maker = SegmentMaker()
        let reassembler = TCPReassembler()
        #expect(throws: Stop.self) {
            try reassembler.process(maker.make(.clientToServer, seq: 0, flags: [.syn], "x")) { (_: TCPReassemblyEvent) throws(Stop) in throw Stop() }
        }
        var log = EventLog()
        reassembler.process(maker.make(.clientToServer, seq: 2, "y")) { log.events.append($0) }
        #expect(log.text(1, .clientToServer) == "y" && log.opened.isEmpty)
    }
}

extension TCPReassemblerConnectionTests {
    @Test func aSynCapturedAfterItsSynAckIsNotANewConnection() {
        var maker = SegmentMaker()
        let segments = [
            maker.make(.serverToClient, seq: 500, ack: 101, flags: [.syn, .ack]),
            maker.make(.clientToServer, seq: 100, flags: [.syn]),
            maker.make(.clientToServer, seq: 101, "ab"),
        ]
        let (log, statistics) = reassemble(segments)
        #expect(log.opened.count == 1 && log.closed.map(\.reason) == [.endOfInput])
        #expect(log.text(1, .clientToServer) == "ab" && statistics.ignoredSegments == 1)
    }
}
