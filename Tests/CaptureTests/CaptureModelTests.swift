import Capture
import Testing

@Suite struct CaptureModelTests {
    @Test func errorsSayFilePacketOffsetAndReason() {
        #expect(CaptureError(file: "a.pcap", offset: 1480, packet: 12, reason: "truncated").description == "a.pcap: packet 12 at offset 1480: truncated")
        #expect(CaptureError(file: "a.pcap", offset: 0, reason: "not a capture").description == "a.pcap: offset 0: not a capture")
        #expect(CaptureError(file: "a.pcap", packet: 3, reason: "bad IPv4 header").description == "a.pcap: packet 3: bad IPv4 header")
    }

    @Test func endpointsPrintAsHostPortWithIPv6Bracketed() {
        #expect(TCPEndpoint(address: "127.0.0.1", port: 7000).description == "127.0.0.1:7000")
        #expect(TCPEndpoint(address: "::1", port: 5672).description == "[::1]:5672")
        #expect(LinkType(rawValue: 276) == .linuxSLL2 && LinkType.linuxSLL2.description == "LINUX_SLL2")
        #expect(LinkType(rawValue: 999).description == "LINKTYPE 999")
    }
}
