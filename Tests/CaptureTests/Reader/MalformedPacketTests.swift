import Capture
import NIOCore
import TestSupport
import Testing

/// malformed-packets.pcap: one broken packet after another between good ones. Each is a
/// problem of its own packet, with its offset; reading goes on to the end.
@Suite struct MalformedPacketTests {
    @Test func eachBrokenPacketIsAProblemAndReadingContinues() throws {
        let (segments, reader) = try PcapFixtures.segments("malformed-packets.pcap")
        #expect(segments.map(\.packetNumber) == [1, 5, 9])
        #expect(segments[1].payload.text == "0123456789")  // what the snap length left
        #expect(segments[2].payload.text == "PING\r\n")
        let problems = reader.problems.first
        #expect(reader.problems.count == 7)
        #expect(problems.map(\.packet) == [2, 3, 4, 5, 6, 7, 8])
        #expect(problems.map(\.offset) == [94, 164, 234, 306, 386, 412, 482])
        #expect(problems.allSatisfy { $0.file.hasSuffix("malformed-packets.pcap") })
        let reasons = problems.map(\.reason)
        #expect(reasons[0] == "IPv4 header length 16 is below the minimum of 20")
        #expect(reasons[1] == "TCP data offset 60 but only 20 bytes of segment captured")
        #expect(
            reasons[2] == "IPv4 datagram 10.0.0.1 → 10.0.0.2 (protocol 6, id 0x1): IPv4 fragment (offset 0, more follow) carries 22 bytes; "
                + "one with more to follow must carry a multiple of 8; the datagram is dropped")
        #expect(reasons[3] == "snap length cut the payload: 10 of 100 payload bytes captured")
        #expect(reasons[4] == "Ethernet header needs 14 bytes, only 10 captured")
        #expect(reasons[5] == "IPv4 header with version 5")
        #expect(reasons[6] == "IP length says 360 bytes more than the packet holds (0 of 360 payload bytes captured)")
    }

    @Test func onlyTheFirstProblemsAreKeptButAllAreCounted() throws {
        let (_, reader) = try PcapFixtures.segments("malformed-packets.pcap", problemsKept: 2)
        #expect(reader.problems.count == 7)
        #expect(reader.problems.first.map(\.packet) == [2, 3])
    }

    /// Every prefix of every packet of every fixture, and deterministic noise, under every link
    /// type: decoding must answer, never crash, and a cut inside the headers is never a segment.
    @Test func noInputCrashesTheDecoder() throws {
        let linkTypes: [LinkType] = [.null, .ethernet, .raw, .loop, .linuxSLL, .ipv4, .ipv6, .linuxSLL2, LinkType(rawValue: 12345)]
        var frames: [[UInt8]] = []
        for file in ["ethernet.pcap", "ipv6-extension-headers.pcap", "linux-sll2-ipv6.pcap", "malformed-packets.pcap"] {
            for packet in try PcapFixtures.packets(file) { frames.append(packet.data.getBytes(at: 0, length: packet.data.readableBytes) ?? []) }
        }
        var random = SeededGenerator(seed: 7)
        for _ in 0..<300 { frames.append((0..<Int(random.next() % 120)).map { _ in UInt8(truncatingIfNeeded: random.next()) }) }
        var decoded = 0
        for frame in frames {
            for length in 0...frame.count {
                for linkType in linkTypes {
                    let packet = CapturedPacket(
                        timestamp: 0, linkType: linkType, data: ByteBuffer(bytes: frame.prefix(length)), originalLength: frame.count, number: 1)
                    guard case .segment = PacketDecoder.decode(packet) else { continue }
                    decoded += 1
                    if length < 40 { Issue.record("segment from \(length) bytes as \(linkType)") }  // 20 IP + 20 TCP at least
                }
            }
        }
        #expect(decoded > 0)
    }
}
