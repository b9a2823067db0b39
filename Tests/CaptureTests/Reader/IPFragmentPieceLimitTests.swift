import Capture
import NIOCore
import Testing

/// Floods of tiny fragments: what a datagram holds is charged for its bookkeeping, not just its
/// bytes, runs of bytes that continue each other are held as one, and a datagram of too many
/// fragments is dropped, so a crafted capture cannot make reassembly slow or large.
@Suite struct IPFragmentPieceLimitTests {
    static let charge = IPFragmentReassembler.bytesChargedPerPiece

    /// An 8-byte fragment at `offset` of datagram `id`, more to follow unless told.
    static func tiny(at offset: Int, id: UInt16 = 7, more: Bool = true) -> [UInt8] {
        FragmentMaker.ipv4(.init(offset: offset, data: [UInt8](repeating: 0x61, count: 8), more: more), id: id)
    }

    @Test func separateRunsOfBytesAreChargedTheirBookkeeping() {
        var maker = FragmentMaker()
        maker.feed(Self.tiny(at: 0))
        maker.feed(Self.tiny(at: 16))
        #expect(maker.reassembler.bufferedBytes == 16 + 2 * Self.charge)
        maker.finish()
        #expect(maker.reassembler.bufferedBytes == 0)
    }

    @Test func fragmentsInOrderAreHeldAsOneRun() {
        var maker = FragmentMaker()
        for index in 0..<1000 { maker.feed(Self.tiny(at: index * 8)) }
        #expect(maker.reassembler.bufferedBytes == 8000 + Self.charge)
        #expect(maker.problems.isEmpty && maker.malformed.isEmpty)
    }

    /// 8,000 8-byte fragments in reverse order: each would be inserted at the front of all the
    /// others. The datagram is dropped, and reported, at the 1,025th; the rest are ignored.
    @Test func aDatagramOfTooManyFragmentsIsDroppedAndReported() throws {
        var maker = FragmentMaker()
        for index in (0..<8000).reversed() { maker.feed(Self.tiny(at: index * 8, more: index < 7999)) }
        let problem = try #require(maker.problems.first)
        #expect(maker.problems.count == 1 && problem.packetNumber == 1)
        #expect(problem.reason.hasSuffix("8192 bytes in 1024 fragments (packets 1 to 1024) of 64000 dropped, more than 1024 fragments"))
        let statistics = maker.reassembler.statistics
        #expect(statistics.datagramsEvicted == 1 && statistics.fragmentsIgnored == 8000 - 1024)
        #expect(maker.reassembler.bufferedBytes == 0 && maker.segments.isEmpty)
        // The dropped datagram's record stays to absorb the rest, and goes at the end unreported.
        maker.finish()
        #expect(maker.problems.count == 1 && maker.reassembler.pendingDatagramCount == 0)
    }

    @Test func theFragmentCapIsConfigurable() {
        var maker = FragmentMaker(configuration: .init(maxFragmentsPerDatagram: 3))
        for index in 0..<4 { maker.feed(Self.tiny(at: index * 16)) }
        #expect(maker.problems.map(\.packetNumber) == [1] && maker.reassembler.statistics.datagramsEvicted == 1)
        // Another datagram, of three fragments, is not affected.
        for piece in IPFragmentReassemblyTests.pieces { maker.feed(FragmentMaker.ipv4(piece, id: 9)) }
        #expect(maker.segments.map(\.payload.text) == [IPFragmentReassemblyTests.payload])
    }
}
