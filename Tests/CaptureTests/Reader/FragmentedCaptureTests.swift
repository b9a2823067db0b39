import Capture
import Foundation
import NIOCore
import Testing

/// Fragmented IP in capture files, read by the full reader (file → segments → streams), and
/// checked against tshark's own reassembly.
@Suite struct FragmentedCaptureTests {
    /// The server's reply in fragmented-ipv4.pcap, as make_fragmented.py writes it.
    static let reply: String = {
        let lines = (1..<60).map { number in
            let digits = String(number)
            return "line " + String(repeating: "0", count: 3 - digits.count) + digits + " of a reply larger than one Ethernet frame....\n"
        }
        return String(lines.joined().prefix(3000))
    }()

    static var tsharkMissing: Bool { (try? Tshark.executable()) == nil }

    @Test func aReplyThatOnlyExistsAcrossFragmentsIsReadIntoTheRightBytes() throws {
        let (segments, reader) = try PcapFixtures.segments("fragmented-ipv4.pcap")
        #expect(reader.problems.count == 0 && reader.notTCPCount == 0)
        #expect(reader.fragments.statistics.datagramsReassembled == 1 && reader.fragments.statistics.fragments == 3)
        let reply = try #require(segments.first { $0.payload.readableBytes > 1000 })
        #expect(reply.packetNumber == 7, "the middle fragment, read last, completes the datagram")
        let (log, _) = reassemble(segments)
        #expect(log.text(1, .clientToServer) == "GET /fragmented HTTP/1.0\r\n\r\n")
        #expect(log.text(1, .serverToClient) == Self.reply)
        #expect(log.gaps.isEmpty && log.closed.map(\.reason) == [.finished])
    }

    @Test(.disabled(if: FragmentedCaptureTests.tsharkMissing, "tshark is not installed (apt-get install -y tshark): its reassembly cannot be compared"))
    func tsharkFollowsTheSameBytes() throws {
        let file = PcapFixtures.path("fragmented-ipv4.pcap")
        let followed = try Self.followASCII(Tshark.run(["-r", file, "-q", "-z", "follow,tcp,ascii,0"]))
        let (segments, _) = try PcapFixtures.segments("fragmented-ipv4.pcap")
        let (log, _) = reassemble(segments)
        #expect(followed.fromNode1 == log.text(1, .serverToClient) && followed.fromNode1.count == 3000)
        #expect(followed.fromNode0 == log.text(1, .clientToServer))
    }

    @Test func aFragmentMissingAtTheEndOfTheFileIsAProblemOfItsFirstPacket() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = scratch.file("missing-fragment.pcap")
        let writer = try PcapWriter(path: file)
        let pieces = IPFragmentReassemblyTests.pieces
        for (index, ip) in [FragmentMaker.ipv4(pieces[0]), FragmentMaker.ipv4(pieces[2]), PacketDecoderTests.ipv4(PacketDecoderTests.tcp(payload: "whole"))].enumerated() {
            try writer.write(ipPacket: ByteBuffer(bytes: ip), timestampNanoseconds: 1_700_000_000_000_000_000 + Int64(index) * 1_000_000)
        }
        try writer.close()
        let reader = try TCPSegmentReader(path: file)
        var payloads: [String] = []
        while let segment = try reader.next() { payloads.append(segment.payload.text) }
        #expect(payloads == ["whole"])
        let problem = try #require(reader.problems.first.first)
        #expect(reader.problems.count == 1 && problem.packet == 1 && problem.offset == 24)
        #expect(problem.reason.hasSuffix("68 bytes in 2 fragments (packets 1 to 2) of 116 not completed by the end of the capture: dropped"))
        #expect(reader.fragments.statistics.datagramsIncompleteAtEnd == 1)

        var conversation = try ConversationReader(path: file)
        var problems: [ConversationProblem] = []
        while let event = try conversation.next() {
            if case .problem(let problem) = event, problem.connection == nil { problems.append(problem) }
        }
        #expect(problems.map(\.packetNumber) == [1] && problems.first?.reason.contains("end of the capture") == true)
    }

    /// `-z follow,tcp,ascii,N`: after the Node lines, each chunk is its byte count (node 1's
    /// behind a tab), a newline, that many bytes (non-printable ones as dots) and a newline.
    static func followASCII(_ output: String) throws -> (fromNode0: String, fromNode1: String) {
        var bytes = Array(output.utf8)[...]
        var result: (fromNode0: [UInt8], fromNode1: [UInt8]) = ([], [])
        func line() -> ArraySlice<UInt8>? {
            guard !bytes.isEmpty else { return nil }
            let end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            defer { bytes = bytes[min(end + 1, bytes.endIndex)...] }
            return bytes[..<end]
        }
        while let header = line(), !header.starts(with: Array("Node 1: ".utf8)) {}
        while let header = line(), header.first != UInt8(ascii: "=") {
            let fromNode1 = header.first == UInt8(ascii: "\t")
            guard let count = Int(String(decoding: header.drop { $0 == UInt8(ascii: "\t") }, as: UTF8.self)), count <= bytes.count else {
                throw Tshark.Failure(description: "unexpected tshark follow line: \(String(decoding: header, as: UTF8.self))")
            }
            if fromNode1 { result.fromNode1 += bytes.prefix(count) } else { result.fromNode0 += bytes.prefix(count) }
            bytes = bytes.dropFirst(count + 1)
        }
        return (String(decoding: result.fromNode0, as: UTF8.self), String(decoding: result.fromNode1, as: UTF8.self))
    }
}
