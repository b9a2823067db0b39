import Capture
import Foundation
import NIOPosix
import Shakedown
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Captures of a backend's traffic, read back by our reader and by the real tshark: the
/// proxy's own synthesized pcap (the way without root), and `CapturingNetwork`'s live capture
/// on lo (proxy) and on the hub's bridge (netns).
@Suite struct NetworkCaptureTests {
    /// Node n1 PINGs n2 through n2's proxy, the runner's client PINGs n1; the proxy writes both.
    @Test func theProxyWritesWhatItForwardsAsAPcapTsharkFollows() async throws {
        let directory = try TemporaryDirectory("proxy-capture")
        let file = directory.path("proxy.pcap")
        let capture = try SynthesizedCapture(path: file)
        var proxies: [NodePlacement] = []
        try await NetworkHarness.withProxy(nodes: ["n1", "n2"]) { network, placements in
            network.record(to: capture)
            proxies = placements
            try Self.exchange(placements, in: directory)
        }
        let statistics = capture.close()
        #expect(statistics.connections == 2 && statistics.problem == nil && statistics.eventsLeftOut == 0, "\(statistics)")
        try Self.expectTheExchange(in: file, placements: proxies)
    }

    /// Where no live capture can be made (here: no such interface; elsewhere: no root), the
    /// proxy backend writes its own.
    @Test func withoutALiveCaptureTheProxyWritesIt() async throws {
        let directory = try TemporaryDirectory("fallback-capture")
        let file = directory.path("capture.pcap")
        let network = CapturingNetwork(ProxyBackend(group: MultiThreadedEventLoopGroup.singleton), path: file, loopbackInterface: "nosuchif0")
        let placements = try await Self.withTwoNodes(on: network, port: 0) { try Self.exchange($0, in: directory) }
        #expect(network.summary.hasPrefix("synthesized by the proxy from what it forwarded (no live capture: "), "\(network.summary)")
        #expect(network.summary.contains("nosuchif0") && network.summary.contains("): 2 connections, "), "\(network.summary)")
        try Self.expectTheExchange(in: file, placements: placements)
    }

    @Test(.enabled(if: geteuid() == 0, "a live capture needs root or CAP_NET_RAW; run as root to include it"))
    func aLiveCaptureOfTheProxyBackendSeesEachConnectionOnce() async throws {
        let directory = try TemporaryDirectory("live-capture")
        let file = directory.path("capture.pcap")
        let network = CapturingNetwork(ProxyBackend(group: MultiThreadedEventLoopGroup.singleton), path: file)
        let placements = try await Self.withTwoNodes(on: network, port: 0) { try Self.exchange($0, in: directory) }
        #expect(network.summary.hasPrefix("live on lo, filter tcp and (port "), "\(network.summary)")
        #expect(network.summary.contains("0 dropped by kernel"), "\(network.summary)")
        // Only the announced (proxy) ports: the proxy's own legs to the nodes are not in it.
        try Self.expectTheExchange(in: file, placements: placements)
    }

    @Test(.enabled(if: NetnsAvailability.reason == nil, "needs root, network namespaces and iptables"))
    func aLiveCaptureOfTheNetnsBackendIsTakenOnTheHubBridge() async throws {
        let directory = try TemporaryDirectory("netns-capture")
        let file = directory.path("capture.pcap")
        let network = CapturingNetwork(try await NetnsBackend.make(), path: file)
        let placements = try await Self.withTwoNodes(on: network, port: 6379) { placements in
            let servers = try placements.map { try ServerProcess.placed($0, kind: .shakedown, [], in: directory) }
            defer { for server in servers { server.stop() } }
            let cli = try ExternalTool.locate("redis-cli").path
            let prefix = network.clientCommandPrefix
            let reply = try ExternalTool.run(prefix[0], Array(prefix.dropFirst()) + [cli, "-h", placements[1].announceHost, "-p", "6379", "set", "k", "v"])
            #expect(reply.output.contains("OK"), "\(reply.output)")
            // n1 -> n2 across the bridge, from n1's own namespace.
            let fromNode = try ExternalTool.run(
                "ip", ["netns", "exec", try #require(placements[0].commandPrefix.last), cli, "-h", placements[1].announceHost, "-p", "6379", "get", "k"])
            #expect(fromNode.output.contains("v"), "\(fromNode.output)")
        }
        #expect(network.summary.hasPrefix("live on br0 in namespace "), "\(network.summary)")
        let conversations = try CapturedConversations(file)
        let texts = conversations.connections.map { "\($0.client.address) \($0.fromClient)" }
        #expect(texts.contains { $0.hasPrefix("10.77.0.1 ") && $0.contains("set\r\n$1\r\nk\r\n$1\r\nv") }, "\(texts)")
        #expect(texts.contains { $0.hasPrefix("\(placements[0].sourceAddress) ") && $0.contains("get\r\n$1\r\nk") }, "\(texts)")
        #expect(conversations.connections.allSatisfy { $0.server.port == 6379 })
        #expect(try Self.tsharkComplaints(file).isEmpty, "every packet once on the bridge")
    }

    /// Packets tshark finds retransmitted, duplicated or out of order: a capture that saw a
    /// packet twice (on two interfaces) shows as such.
    static func tsharkComplaints(_ file: String) throws -> [String] {
        let run = try ExternalTool.run("tshark", ["-r", file, "-Y", "tcp.analysis.flags && !tcp.analysis.window_update", "-T", "fields", "-e", "frame.number"])
        guard run.status == 0 else { return ["tshark failed: \(run.output)"] }
        return run.output.split(separator: "\n").filter { Int($0) != nil }.map(String.init)
    }

    /// Nodes n1 and n2 placed by `network` (asking for `port` as their client port) while
    /// `body` runs; torn down after it, also when it fails.
    static func withTwoNodes(
        on network: CapturingNetwork, port: Int, _ body: ([NodePlacement]) throws -> Void
    ) async throws -> [NodePlacement] {
        do {
            let placements = try await network.setUp(nodes: ["n1", "n2"].map { NodeNetworkRequest(node: $0, ports: ["client": port]) })
            try body(placements)
            try await network.tearDown()
            return placements
        } catch {
            try? await network.tearDown()
            throw error
        }
    }

    /// n1 -> n2 PING on n1's source address, the runner's client -> n1 PING, both closed.
    static func exchange(_ placements: [NodePlacement], in directory: TemporaryDirectory) throws {
        let servers = try placements.map { try ServerProcess.placed($0, kind: .shakedown, [], in: directory) }
        defer { for server in servers { server.stop() } }
        let (n1, n2) = (placements[0], placements[1])
        do {
            let link = try TCPStream.connect(host: n2.announceHost, port: n2.announcePorts["client"]!, source: n1.sourceAddress)
            #expect(link.ping(timeout: 10))  // generous: CI runs this beside process-heavy suites
            let client = try TCPStream.connect(host: n1.announceHost, port: n1.announcePorts["client"]!, source: "127.0.0.1")
            #expect(client.ping(timeout: 10))
        }
        // Both closed by the client; give the proxy a moment to pass the FINs on.
        Thread.sleep(forTimeInterval: 0.2)
    }

    static func expectTheExchange(in file: String, placements: [NodePlacement]) throws {
        let (n1, n2) = (placements[0], placements[1])
        let conversations = try CapturedConversations(file)
        let seen = conversations.connections.map { "\($0.client.address) -> \($0.server): \($0.fromClient.debugDescription) \($0.fromServer.debugDescription)" }
        #expect(seen.sorted() == [
            "127.0.0.1 -> \(n1.announceHost):\(n1.announcePorts["client"]!): \"PING\\r\\n\" \"+PONG\\r\\n\"",
            "\(n1.sourceAddress) -> \(n2.announceHost):\(n2.announcePorts["client"]!): \"PING\\r\\n\" \"+PONG\\r\\n\"",
        ].sorted())
        #expect(conversations.closed == 2 && conversations.gaps == 0)
        #expect(try tsharkComplaints(file).isEmpty)

        let tshark = try ExternalTool.run("tshark", ["-r", file, "-q", "-z", "follow,tcp,ascii,0", "-z", "follow,tcp,ascii,1"])
        #expect(tshark.status == 0, "\(tshark.output)")
        #expect(tshark.output.components(separatedBy: "PING").count == 3 && tshark.output.components(separatedBy: "+PONG").count == 3, "\(tshark.output)")
    }
}

/// A pcap read back as whole connections: segments, reassembled, each direction's bytes as text.
struct CapturedConversations {
    struct Connection {
        var client: TCPEndpoint
        var server: TCPEndpoint
        var fromClient = ""
        var fromServer = ""
    }

    var connections: [Connection] = []
    var closed = 0
    var gaps = 0

    init(_ file: String) throws {
        let reader = try TCPSegmentReader(path: file)
        let reassembler = TCPReassembler()
        var byNumber: [Int: Int] = [:]
        var events: [TCPReassemblyEvent] = []
        while let segment = try reader.next() { reassembler.process(segment) { events.append($0) } }
        reassembler.finish { events.append($0) }
        for event in events {
            switch event {
            case .opened(let opened):
                byNumber[opened.connection.number] = connections.count
                connections.append(Connection(client: opened.client, server: opened.server))
            case .data(let data):
                guard let index = byNumber[data.connection.number] else { continue }
                let text = String(decoding: data.bytes.readableBytesView, as: UTF8.self)
                if data.direction == .clientToServer { connections[index].fromClient += text } else { connections[index].fromServer += text }
            case .gap: gaps += 1
            case .closed: closed += 1
            }
        }
    }
}
