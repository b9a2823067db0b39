import Capture
import NIOCore
import Testing

/// What IP reassembly gives up on, always as a reported problem: a missing fragment (after the
/// timeout or at the end), too many datagrams or bytes pending, malformed datagrams.
@Suite struct IPFragmentLimitTests {
    static let pieces = IPFragmentReassemblyTests.pieces

    @Test func aMissingFragmentIsReportedAfterTheTimeoutAtTheFirstFragment() throws {
        var maker = FragmentMaker()
        maker.feed(FragmentMaker.ipv4(Self.pieces[0]))
        maker.feed(FragmentMaker.ipv4(Self.pieces[2]))
        maker.feed(PacketDecoderTests.ipv4(PacketDecoderTests.tcp(payload: "later")), after: 29_000_000)
        #expect(maker.problems.isEmpty, "29 s is within the 30 s window")
        maker.feed(PacketDecoderTests.ipv4(PacketDecoderTests.tcp(payload: "later")), after: 2_000_000)
        let problem = try #require(maker.problems.first)
        #expect(maker.problems.count == 1)
        #expect(problem.packetNumber == 1 && problem.fileOffset == 100)
        #expect(problem.reason.hasPrefix("IPv4 datagram 10.0.0.1 → 10.0.0.2 (protocol 6, id 0x1c46): 68 bytes in 2 fragments"))
        #expect(problem.reason.contains("(packets 1 to 2) of 116 not completed within 30 s"))
        #expect(maker.segments.map(\.payload.text) == ["later", "later"])
        #expect(maker.reassembler.statistics.datagramsExpired == 1 && maker.reassembler.pendingDatagramCount == 0)
        // The missing fragment, too late: it starts a datagram of its own, never completed.
        maker.feed(FragmentMaker.ipv4(Self.pieces[1]))
        maker.finish()
        #expect(maker.problems.count == 2 && maker.problems[1].reason.hasSuffix("not completed by the end of the capture: dropped"))
        #expect(maker.segments.count == 2)
    }

    @Test func aDatagramOverTheIPLimitIsMalformedAndItsOtherFragmentsIgnored() {
        var maker = FragmentMaker()
        maker.feed(FragmentMaker.ipv4(Self.pieces[0]))
        // Offset 65,528 (the largest) with 16 bytes: 20 + 65,544 bytes of datagram.
        maker.feed(FragmentMaker.ipv4(.init(offset: 65_528, data: [UInt8](repeating: 0x41, count: 16), more: false)))
        maker.feed(FragmentMaker.ipv4(Self.pieces[1]))
        maker.feed(FragmentMaker.ipv4(Self.pieces[2]))
        maker.finish()
        #expect(maker.segments.isEmpty && maker.problems.isEmpty)
        #expect(maker.malformed.map { $0.packet } == [2])
        #expect(
            maker.malformed.first?.reason
                == "IPv4 datagram 10.0.0.1 → 10.0.0.2 (protocol 6, id 0x1c46): IPv4 fragment (offset 65528, the last) makes the datagram 65564 bytes, over the 65535 an IP datagram can hold; the datagram is dropped"
        )
        let statistics = maker.reassembler.statistics
        #expect(statistics.datagramsMalformed == 1 && statistics.fragmentsIgnored == 2 && maker.reassembler.bufferedBytes == 0)
    }

    @Test func inconsistentLengthsAreMalformed() {
        var maker = FragmentMaker()
        maker.feed(FragmentMaker.ipv4(Self.pieces[2]))  // the last: the datagram is 116 bytes
        maker.feed(FragmentMaker.ipv4(.init(offset: 112, data: [UInt8](repeating: 0, count: 16), more: true)))
        var other = FragmentMaker()
        other.feed(FragmentMaker.ipv4(.init(offset: 0, data: [UInt8](repeating: 0, count: 20), more: true)))
        #expect(maker.malformed.first?.reason.contains("reaches byte 128, past the datagram's end at 116") == true)
        #expect(other.malformed.first?.reason.contains("carries 20 bytes; one with more to follow must carry a multiple of 8") == true)
    }

    @Test func pastMaxDatagramsTheOldestIsDroppedAndReported() {
        var maker = FragmentMaker(configuration: .init(maxDatagrams: 2))
        for id: UInt16 in 1...3 { maker.feed(FragmentMaker.ipv4(Self.pieces[0], id: id)) }
        #expect(maker.problems.map(\.packetNumber) == [1])
        #expect(maker.problems.first?.reason.hasSuffix("dropped, more than 2 datagrams pending") == true)
        #expect(maker.reassembler.pendingDatagramCount == 2 && maker.reassembler.statistics.datagramsEvicted == 1)
        for id: UInt16 in 2...3 {
            maker.feed(FragmentMaker.ipv4(Self.pieces[1], id: id))
            maker.feed(FragmentMaker.ipv4(Self.pieces[2], id: id))
        }
        #expect(maker.segments.count == 2)
    }

    @Test func pastMaxBufferedBytesTheOldestIsDropped() {
        // Each datagram's bytes are one run (the second fragment continues the first).
        let held = 48 + IPFragmentReassembler.bytesChargedPerPiece
        var maker = FragmentMaker(configuration: .init(maxBufferedBytes: 2 * held + 8))
        maker.feed(FragmentMaker.ipv4(Self.pieces[0], id: 1))
        maker.feed(FragmentMaker.ipv4(Self.pieces[0], id: 2))
        #expect(maker.problems.isEmpty && maker.reassembler.bufferedBytes == 2 * held)
        maker.feed(FragmentMaker.ipv4(Self.pieces[1], id: 2))  // 48 bytes more: id 1 goes
        #expect(maker.problems.map(\.packetNumber) == [1] && maker.reassembler.bufferedBytes == held + 48)
        #expect(maker.problems.first?.reason.hasSuffix("dropped, more than \(2 * held + 8) bytes of fragments pending") == true)
        maker.feed(FragmentMaker.ipv4(Self.pieces[2], id: 2))
        #expect(maker.segments.map(\.payload.text) == [IPFragmentReassemblyTests.payload])
        #expect(maker.reassembler.bufferedBytes == 0)
    }

    @Test func extremeTimestampsDoNotTrap() {
        var maker = FragmentMaker()
        maker.time = .max - 2000
        maker.feed(FragmentMaker.ipv4(Self.pieces[0]))
        maker.time = .min
        maker.feed(FragmentMaker.ipv4(Self.pieces[1], id: 9))
        maker.finish()
        #expect(maker.problems.count == 2)
    }
}
