import Capture
import NIOCore
import Testing

/// IP fragments put back together in any order, duplicated or overlapping, for IPv4 and IPv6.
@Suite struct IPFragmentReassemblyTests {
    static let payload = String(repeating: "0123456789abcdef", count: 6)  // 96 bytes: with TCP's 20, 116
    static let pieces = FragmentMaker.split(FragmentMaker.segment(payload), every: 48)

    @Test func ipv4FragmentsInOrderMakeOneSegmentStampedWithTheLastFragment() throws {
        var maker = FragmentMaker()
        for piece in Self.pieces { maker.feed(FragmentMaker.ipv4(piece)) }
        let segment = try #require(maker.segments.first)
        #expect(maker.segments.count == 1 && Self.pieces.count == 3)
        #expect(segment.payload.text == Self.payload)
        #expect(segment.packetNumber == 3 && segment.timestamp == maker.time)
        #expect(segment.source.description == "10.0.0.1:40000" && segment.destination.description == "10.0.0.2:6379")
        #expect(segment.sequence == 1000 && segment.flags == [.psh, .ack])
        #expect(maker.reassembler.statistics.datagramsReassembled == 1 && maker.reassembler.statistics.fragments == 3)
        #expect(maker.reassembler.pendingDatagramCount == 0 && maker.reassembler.bufferedBytes == 0)
        #expect(maker.malformed.isEmpty && maker.problems.isEmpty)
    }

    @Test func reversedFragmentsWaitForTheFirst() throws {
        var maker = FragmentMaker()
        for piece in Self.pieces.reversed() { maker.feed(FragmentMaker.ipv4(piece)) }
        let segment = try #require(maker.segments.first)
        #expect(segment.payload.text == Self.payload && segment.packetNumber == 3)
    }

    @Test func duplicatesAreDroppedAndCounted() throws {
        var maker = FragmentMaker()
        let order = [0, 0, 2, 2, 1]
        for index in order { maker.feed(FragmentMaker.ipv4(Self.pieces[index])) }
        #expect(maker.segments.map(\.payload.text) == [Self.payload])
        #expect(maker.segments.first?.packetNumber == 5)
        #expect(maker.reassembler.statistics.overlappingBytes == 48 + 20)
    }

    @Test func overlapsKeepTheFirstReceivedBytes() throws {
        let segment = FragmentMaker.segment(Self.payload)
        var maker = FragmentMaker()
        maker.feed(FragmentMaker.ipv4(.init(offset: 0, data: Array(segment[0..<48]), more: true)))
        // Starts 8 bytes early with other bytes there: those 8 are already taken.
        let rewritten = Array("XXXXXXXX".utf8) + segment[48..<96]
        maker.feed(FragmentMaker.ipv4(.init(offset: 40, data: rewritten, more: true)))
        maker.feed(FragmentMaker.ipv4(.init(offset: 96, data: Array(segment[96...]), more: false)))
        #expect(maker.segments.map(\.payload.text) == [Self.payload])
        #expect(maker.reassembler.statistics.overlappingBytes == 8)
    }

    @Test func interleavedDatagramsAreToldApartByIdentification() {
        var maker = FragmentMaker()
        let other = FragmentMaker.split(FragmentMaker.segment("another datagram, another id, 44 bytes long"), every: 32)
        maker.feed(FragmentMaker.ipv4(Self.pieces[0], id: 1))
        maker.feed(FragmentMaker.ipv4(other[1], id: 2))
        maker.feed(FragmentMaker.ipv4(Self.pieces[2], id: 1))
        maker.feed(FragmentMaker.ipv4(other[0], id: 2))
        maker.feed(FragmentMaker.ipv4(Self.pieces[1], id: 1))
        #expect(maker.segments.map(\.payload.text) == ["another datagram, another id, 44 bytes long", Self.payload])
        #expect(maker.segments.map(\.packetNumber) == [4, 5])
    }

    @Test func ipv6FragmentsAreReassembledInAnyOrder() throws {
        var maker = FragmentMaker()
        for index in [1, 2, 0] { maker.feed(FragmentMaker.ipv6(Self.pieces[index])) }
        let segment = try #require(maker.segments.first)
        #expect(segment.payload.text == Self.payload && segment.packetNumber == 3)
        #expect(segment.source.address == "::1" && segment.destination.address == "::2")
    }

    @Test func ipv6ExtensionHeadersInsideTheFragmentablePartAreWalked() throws {
        // Destination options (8 bytes, padding only) before TCP, inside the fragments.
        let options: [UInt8] = [6, 0, 1, 4, 0, 0, 0, 0]
        let pieces = FragmentMaker.split(options + FragmentMaker.segment(Self.payload), every: 64)
        var maker = FragmentMaker()
        for piece in pieces.reversed() { maker.feed(FragmentMaker.ipv6(piece, next: 60)) }
        #expect(maker.segments.map(\.payload.text) == [Self.payload])
    }

    @Test func ipv6FragmentsOfOtherProtocolsAreNotHeld() {
        var maker = FragmentMaker()
        maker.feed(FragmentMaker.ipv6(Self.pieces[0], next: 17))
        #expect(maker.reassembler.pendingDatagramCount == 0 && maker.reassembler.statistics.fragments == 0)
    }

    @Test func aFragmentAloneIsStillReportedByTheStatelessDecoder() {
        let packet = CapturedPacket(
            timestamp: 0, linkType: .raw, data: ByteBuffer(bytes: FragmentMaker.ipv4(Self.pieces[1])), originalLength: 68, number: 1)
        guard case .malformed(let reason) = PacketDecoder.decode(packet) else {
            Issue.record("a lone fragment decoded")
            return
        }
        #expect(reason.hasPrefix("IPv4 fragment (offset 48, more follow): a fragment needs the other packets"))
    }
}
