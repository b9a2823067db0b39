import Capture
import NIOCore
import Testing

/// Captures tcpdump really made (capture_loopback.py) of a Python client and server on
/// loopback: real TCP options (MSS, SACK, timestamps, window scale) to skip, a 3001-byte
/// message, a FIN from each side. The port changes with each recording, so it is read off the SYN.
@Suite struct RealCaptureTests {
    static let sent = ["hello from the client\n", String(repeating: "x", count: 3000) + "\n", "bye\n"]

    @Test(arguments: [
        ("tcpdump-lo-ipv4.pcap", LinkType.ethernet, "127.0.0.1"), ("tcpdump-lo-ipv4.pcapng", .ethernet, "127.0.0.1"),
        ("tcpdump-any-ipv6.pcap", .linuxSLL2, "::1"),
    ])
    func bothDirectionsCarryExactlyWhatWasSent(file: String, linkType: LinkType, address: String) throws {
        let (segments, reader) = try PcapFixtures.segments(file)
        #expect(reader.file.linkType == linkType)
        #expect(reader.problems.count == 0 && reader.notTCPCount == 0)
        let syn = try #require(segments.first)
        #expect(syn.flags == .syn && syn.source.address == address)
        let client = syn.source
        let fromClient = segments.filter { $0.source == client }.map(\.payload.text).joined()
        let fromServer = segments.filter { $0.source != client }.map(\.payload.text).joined()
        #expect(fromClient == Self.sent.joined())
        #expect(fromServer == Self.sent.joined().uppercased())
        #expect(segments.filter { $0.flags.contains(.fin) }.count == 2)
        // Stamps never go back, and are real dates (not zero, not nanoseconds taken for microseconds).
        #expect(zip(segments, segments.dropFirst()).allSatisfy { $0.timestamp <= $1.timestamp })
        #expect(segments.allSatisfy { $0.timestamp > 1_700_000_000 * 1_000_000 && $0.timestamp < 4_000_000_000 * 1_000_000 })
    }
}
