@testable import Capture
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// libpcap's live capture on `lo`, checked by reading the file back with our reader and with the
/// real tshark. Capturing needs root (or CAP_NET_RAW); without it these are skipped, saying so.
@Suite(.enabled(if: getuid() == 0, "live capture needs root or CAP_NET_RAW; run the tests as root to include them"))
struct LiveCaptureTests {
    static let messages = ["SET key value\r\n", "GET key\r\n", String(repeating: "x", count: 5000)]

    @Test func aRealExchangeOnLoopbackReassemblesToWhatEachSideSent() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = scratch.file("live.pcap")
        let exchange = try LoopbackExchange()
        defer { exchange.close() }
        let capture = LiveCapture(path: file, configuration: LiveCaptureConfiguration(filter: try CapturePorts(ports: [Int(exchange.port)]).bpfFilter))
        try capture.start()
        let clientPort = try exchange.run(Self.messages)
        let statistics = capture.stop()

        #expect(statistics.problem == nil)
        #expect(statistics.packetsCaptured >= 10, "\(statistics)")  // handshake, 3 exchanges, two FINs
        #expect(statistics.droppedByKernel == 0)
        #expect(capture.stop() == statistics, "a second stop returns the same counts")

        let reader = try TCPSegmentReader(path: file)
        let reassembler = TCPReassembler()
        var log = EventLog()
        while let segment = try reader.next() { reassembler.process(segment) { log.events.append($0) } }
        reassembler.finish { log.events.append($0) }
        #expect(reader.problems.count == 0 && reader.notTCPCount == 0)
        #expect(log.opened.map { "\($0.client) -> \($0.server)" } == ["127.0.0.1:\(clientPort) -> 127.0.0.1:\(exchange.port)"])
        let connection = try #require(log.opened.first?.connection.number)
        #expect(log.gaps.isEmpty && log.contractViolations.isEmpty)
        #expect(log.text(connection, .clientToServer) == Self.messages.joined())
        #expect(log.text(connection, .serverToClient) == Self.messages.joined().uppercased())
        #expect(log.closed.count == 1)

        let followed = try Tshark.follow(file, streams: 1)
        #expect(followed[0]?.fromNode0 == Array(Self.messages.joined().utf8))
        #expect(followed[0]?.fromNode1 == Array(Self.messages.joined().uppercased().utf8))
    }

    /// The filter keeps the ports asked for only: an exchange on another port is not in the file.
    @Test func theFilterLeavesOtherPortsOut() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let file = scratch.file("filtered.pcap")
        let kept = try LoopbackExchange(), other = try LoopbackExchange()
        defer {
            kept.close()
            other.close()
        }
        let capture = LiveCapture(path: file, configuration: LiveCaptureConfiguration(filter: try CapturePorts(ports: [Int(kept.port)]).bpfFilter))
        try capture.start()
        _ = try other.run(["not wanted\r\n"])
        _ = try kept.run(["wanted\r\n"])
        capture.stop()
        let reader = try TCPSegmentReader(path: file)
        var ports: Set<UInt16> = []
        while let segment = try reader.next() { ports.formUnion([segment.source.port, segment.destination.port]) }
        #expect(ports.contains(kept.port) && !ports.contains(other.port))
    }

    @Test func aBadFilterIsAnErrorQuotingIt() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let capture = LiveCapture(path: scratch.file("bad.pcap"), configuration: LiveCaptureConfiguration(filter: "tcp and portt 7000"))
        let error = try #require(throws: CaptureError.self) { try capture.start() }
        #expect(error.reason.hasPrefix("bad capture filter \"tcp and portt 7000\""), "\(error)")
    }

    @Test func anUnknownInterfaceIsNamedWithTheOnesThatExist() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let capture = LiveCapture(path: scratch.file("none.pcap"), configuration: LiveCaptureConfiguration(interface: "nosuchif0"))
        let error = try #require(throws: CaptureError.self) { try capture.start() }
        #expect(error.reason.contains("nosuchif0") && error.reason.contains("lo"), "\(error)")
    }

    @Test func startingTwiceIsAnError() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let capture = LiveCapture(path: scratch.file("twice.pcap"), configuration: LiveCaptureConfiguration(filter: "tcp port 1"))
        try capture.start()
        defer { capture.stop() }
        #expect(throws: CaptureError.self) { try capture.start() }
    }
}

/// What a capture that was never started reports, and the permission message, root or not.
@Suite struct LiveCaptureWithoutPacketsTests {
    @Test func stopBeforeStartCountsNothing() {
        let capture = LiveCapture(path: "/nonexistent/never.pcap")
        #expect(capture.stop() == LiveCaptureStatistics())
    }

    @Test func permissionFailuresSayWhatIsNeeded() {
        let text = LiveCaptureErrors.activation(-8, interface: "lo", libpcap: "socket: Operation not permitted")  // PCAP_ERROR_PERM_DENIED
        #expect(text.contains("needs root or CAP_NET_RAW") && text.contains("setcap cap_net_raw,cap_net_admin+eip /"), "\(text)")
    }
}
