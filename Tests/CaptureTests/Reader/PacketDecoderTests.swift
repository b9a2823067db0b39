import Capture
import NIOCore
import Testing

/// Header variants the fixtures do not carry, built byte by byte.
@Suite struct PacketDecoderTests {
    static func tcp(options: [UInt8] = [], payload: String = "") -> [UInt8] {
        let offset = UInt8((20 + options.count) / 4) << 4
        return [0x9C, 0x40, 0x18, 0xEB, 0, 0, 0x03, 0xE8, 0, 0, 0, 0, offset, 0x18, 0xFF, 0xFF, 0, 0, 0, 0] + options + Array(payload.utf8)
    }

    static func ipv4(_ payload: [UInt8], options: [UInt8] = [], totalLength: Int? = nil, fragment: UInt16 = 0x4000, proto: UInt8 = 6) -> [UInt8] {
        let headerLength = 20 + options.count
        let total = totalLength ?? headerLength + payload.count
        return [0x40 | UInt8(headerLength / 4), 0, UInt8(total >> 8), UInt8(total & 0xFF), 0, 1, UInt8(fragment >> 8), UInt8(fragment & 0xFF), 64, proto, 0, 0,
                10, 0, 0, 1, 10, 0, 0, 2] + options + payload
    }

    static func ipv6(_ payload: [UInt8], next: UInt8, extensions: [UInt8] = []) -> [UInt8] {
        let length = extensions.count + payload.count
        return [0x60, 0, 0, 0, UInt8(length >> 8), UInt8(length & 0xFF), next, 64] + [UInt8](repeating: 0, count: 15) + [1]
            + [UInt8](repeating: 0, count: 15) + [2] + extensions + payload
    }

    static func decode(_ bytes: [UInt8], _ linkType: LinkType, originalLength: Int? = nil) -> PacketDecoding {
        PacketDecoder.decode(CapturedPacket(timestamp: 0, linkType: linkType, data: ByteBuffer(bytes: bytes), originalLength: originalLength ?? bytes.count, number: 1))
    }

    static func payload(_ decoding: PacketDecoding) -> String? {
        guard case .segment(let segment) = decoding else { return nil }
        return segment.payload.text
    }

    @Test func ipv4AndTCPOptionsAreSkippedByTheirLengths() {
        let packet = Self.ipv4(Self.tcp(options: [2, 4, 0x05, 0xB4, 1, 1, 4, 2], payload: "hi"), options: [1, 1, 1, 0])
        #expect(Self.payload(Self.decode(packet, .ipv4)) == "hi")
    }

    @Test func ethernetPaddingIsNotPayload() {
        let frame = [UInt8](repeating: 0, count: 12) + [0x08, 0x00] + Self.ipv4(Self.tcp()) + [UInt8](repeating: 0xEE, count: 6)
        #expect(frame.count == 60)
        #expect(Self.payload(Self.decode(frame, .ethernet)) == "")
    }

    @Test func stackedVLANTagsAreReadThrough() {
        let frame = [UInt8](repeating: 0, count: 12) + [0x88, 0xA8, 0, 5, 0x81, 0x00, 0, 7, 0x08, 0x00] + Self.ipv4(Self.tcp(payload: "q"))
        #expect(Self.payload(Self.decode(frame, .ethernet)) == "q")
    }

    @Test func zeroIPv4TotalLengthMeansOffloadAndTakesTheCapturedLength() {
        #expect(Self.payload(Self.decode(Self.ipv4(Self.tcp(payload: "tso"), totalLength: 0), .raw)) == "tso")
    }

    @Test func nonTCPAndTCPFragmentsAreToldApart() {
        let udpFragment = Self.decode(Self.ipv4([1, 2, 3, 4, 5, 6, 7, 8], fragment: 0x0003, proto: 17), .ipv4)
        guard case .notTCP(let reason) = udpFragment else { Issue.record("\(udpFragment)"); return }
        #expect(reason == "IPv4 fragment of protocol 17")
        let tcpFragment = Self.decode(Self.ipv4(Self.tcp(), fragment: 0x0003), .ipv4)
        guard case .malformed(let problem) = tcpFragment else { Issue.record("\(tcpFragment)"); return }
        #expect(problem == "IPv4 fragment (offset 24, the last): a fragment needs the other packets of its datagram (TCPSegmentReader reassembles them)")
    }

    @Test func ipv6FragmentHeadersAtomicOrNot() {
        let atomic: [UInt8] = [6, 0, 0, 0, 0, 0, 0, 9]
        #expect(Self.payload(Self.decode(Self.ipv6(Self.tcp(payload: "a"), next: 44, extensions: atomic), .ipv6)) == "a")
        let first: [UInt8] = [6, 0, 0, 1, 0, 0, 0, 9]  // offset 0, more fragments
        guard case .malformed(let problem) = Self.decode(Self.ipv6(Self.tcp(), next: 44, extensions: first), .ipv6) else {
            Issue.record("first fragment not reported")
            return
        }
        #expect(problem.hasPrefix("IPv6 fragment (offset 0, more follow): a fragment needs the other packets"))
    }

    @Test func ipv6AuthenticationHeaderIsWalkedAndESPSkipped() {
        let ah: [UInt8] = [6, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1]  // (1 + 2) * 4 = 12 bytes
        #expect(Self.payload(Self.decode(Self.ipv6(Self.tcp(payload: "ah"), next: 51, extensions: ah), .ipv6)) == "ah")
        guard case .notTCP(let reason) = Self.decode(Self.ipv6([0, 0, 0, 1, 0, 0, 0, 1], next: 50), .ipv6) else {
            Issue.record("ESP not skipped")
            return
        }
        #expect(reason == "IPv6 ESP (encrypted)")
    }

    @Test func cookedCaptureOfANonIPProtocolIsNotTCP() {
        let sll: [UInt8] = [0, 0, 0, 1, 0, 6] + [UInt8](repeating: 0, count: 8) + [0x08, 0x06] + [UInt8](repeating: 0, count: 28)
        guard case .notTCP(let reason) = Self.decode(sll, .linuxSLL) else { Issue.record("ARP over SLL"); return }
        #expect(reason == "ARP")
    }

    @Test func snapLengthCutInsideTheTCPHeaderIsAProblemNotASegment() {
        let packet = Self.ipv4(Self.tcp(payload: "0123456789"))
        guard case .malformed(let reason) = Self.decode(Array(packet.prefix(30)), .ipv4, originalLength: packet.count) else {
            Issue.record("cut TCP header not reported")
            return
        }
        #expect(reason == "TCP header needs 20 bytes, only 10 captured")
    }
}
