import Capture
import NIOCore
import Testing

/// Every link type carries the same crafted conversation (make_fixtures.py's CONVERSATION):
/// whatever the framing, the same six TCP segments come out.
@Suite struct LinkLayerTests {
    static let v4 = ("10.0.0.1", "10.0.0.2")
    static let v6 = ("2001:db8::1:0:0:1", "fd00::2")

    @Test(arguments: [
        ("ethernet.pcap", v4, v4), ("ethernet-nanos.pcap", v4, v4), ("null-little-endian.pcap", v4, v4),
        ("null-big-endian-ipv6.pcap", v6, v6), ("loop.pcap", v4, v4), ("linux-sll.pcap", v4, v4),
        ("linux-sll2-ipv6.pcap", v6, v6), ("raw.pcap", v4, v6), ("ipv4.pcap", v4, v4), ("ipv6.pcap", v6, v6),
        ("ipv6-extension-headers.pcap", v6, v6), ("unknown-block.pcapng", v4, v4),
    ])
    func conversationComesOutOfEveryLinkType(file: String, handshake: (String, String), data: (String, String)) throws {
        let (segments, reader) = try PcapFixtures.segments(file)
        try #require(segments.count == 6)
        #expect(reader.problems.count == 0)
        let client = [true, false, true, true, false, true]  // who sends each segment
        for (index, segment) in segments.enumerated() {
            let addresses = index < 3 ? handshake : data
            let (from, to) = client[index] ? addresses : (addresses.1, addresses.0)
            #expect(segment.source == TCPEndpoint(address: from, port: client[index] ? 40000 : 6379), "\(file) #\(index)")
            #expect(segment.destination == TCPEndpoint(address: to, port: client[index] ? 6379 : 40000), "\(file) #\(index)")
        }
        #expect(segments.map(\.flags) == [[.syn], [.syn, .ack], [.ack], [.psh, .ack], [.psh, .ack], [.fin, .ack]])
        #expect(segments.map(\.sequence) == [1000, 5000, 1001, 1001, 5001, 1007])
        #expect(segments.map(\.acknowledgment) == [0, 1001, 5001, 5001, 1007, 5008])
        #expect(segments.map(\.payload.text) == ["", "", "", "PING\r\n", "+PONG\r\n", ""])
        #expect(segments.allSatisfy { $0.window == 65535 })
    }

    @Test func ethernetSkipsARPAndUDPAndReadsThroughAVLANTag() throws {
        let (segments, reader) = try PcapFixtures.segments("ethernet.pcap")
        #expect(reader.notTCPCount == 2)
        #expect(segments.map(\.packetNumber) == [2, 3, 4, 6, 7, 8])  // 6 is VLAN-tagged
        #expect(segments[0].timestamp == 1_700_000_000 * 1_000_000 + 1000)
    }

    @Test func loopbackFamilyIsReadInEitherByteOrder() {
        // IPv6 carrying UDP (next header 17) behind AF_INET6 as macOS (30) and Linux (10) write it.
        let ipv6: [UInt8] = [0x60, 0, 0, 0, 0, 0, 17, 64] + [UInt8](repeating: 0, count: 32)
        for header: [UInt8] in [[30, 0, 0, 0], [0, 0, 0, 30], [10, 0, 0, 0], [0, 0, 0, 10], [99, 0, 0, 0]] {
            let packet = CapturedPacket(timestamp: 0, linkType: .null, data: ByteBuffer(bytes: header + ipv6), originalLength: 44, number: 1)
            let expected = header.contains(99) ? "loopback address family 99" : "IPv6 next header 17"
            guard case .notTCP(let reason) = PacketDecoder.decode(packet) else {
                Issue.record("\(header): expected no TCP")
                continue
            }
            #expect(reason == expected, "\(header)")
        }
    }
}
