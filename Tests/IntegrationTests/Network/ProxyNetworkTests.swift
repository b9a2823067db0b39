import Foundation
import Shakedown
import Testing

/// The proxy backend with real nodes on loopback addresses of their own: links between nodes
/// are cut, delayed and reset per direction while the runner's clients (127.0.0.1) are left
/// alone. A node's traffic is played by a connection bound to its source address.
@Suite struct ProxyNetworkTests {
    @Test func cutHoldsALinkBothWaysAndHealDeliversWhatWasHeld() async throws {
        try await NetworkHarness.withProxy(nodes: ["n1", "n2", "n3"]) { network, placements in
            let directory = try TemporaryDirectory("proxy-network")
            let servers = try await Self.start(placements, in: directory)
            let (n1, n2, n3) = (placements[0], placements[1], placements[2])
            #expect(n1.announceHost == "127.0.0.2" && n2.announceHost == "127.0.0.3" && n1.directives.isEmpty)
            #expect(n1.announcePorts["client"] != n1.listenPorts["client"])

            let open = try TCPStream.connect(host: n2.announceHost, port: n2.announcePorts["client"]!, source: n1.sourceAddress)
            #expect(open.ping(timeout: 10), "n1 -> n2 before any fault")

            try await network.partition([["n1"], ["n2", "n3"]])
            #expect(network.describe == "cut n1<->n2 n1<->n3")
            // The open connection stays open but carries nothing; a new one connects, and
            // carries nothing either.
            #expect(!open.ping(timeout: 0.5))
            let fresh = try TCPStream.connect(host: n2.announceHost, port: n2.announcePorts["client"]!, source: n1.sourceAddress)
            #expect(!fresh.ping(timeout: 0.5))
            let reverse = try TCPStream.connect(host: n1.announceHost, port: n1.announcePorts["client"]!, source: n2.sourceAddress)
            #expect(!reverse.ping(timeout: 0.5))
            // Inside a group, and from the runner's clients, everything works.
            let sameSide = try TCPStream.connect(host: n2.announceHost, port: n2.announcePorts["client"]!, source: n3.sourceAddress)
            #expect(sameSide.ping(timeout: 10))
            let fd = try network.connector.connectedSocket(host: n1.announceHost, port: n1.announcePorts["client"]!, timeout: .seconds(10))
            #expect(TCPStream(fd: fd, peerHost: n1.announceHost).ping(timeout: 10), "the runner's client was cut off")
            #expect(try RedisConnection(host: n1.announceHost, port: n1.announcePorts["client"]!).send(["ping"]) == .simpleString("PONG"))
            #expect(try await ConnectorPing.ping(network.connector, host: n2.announceHost, port: n2.announcePorts["client"]!) == "+PONG\r\n")

            // Healed: what was held arrives, in order, and new requests get through.
            try await network.heal()
            #expect(network.describe == "none")
            #expect(open.pong(timeout: 10), "the held PING was not delivered after heal")
            #expect(fresh.pong(timeout: 10))
            #expect(reverse.pong(timeout: 10))
            #expect(open.ping(timeout: 10))
            withExtendedLifetime((servers, directory)) {}
        }
    }

    @Test func oneWayCutHoldsOnlyThatDirection() async throws {
        try await NetworkHarness.withProxy(nodes: ["n1", "n2"]) { network, placements in
            let directory = try TemporaryDirectory("proxy-network")
            let servers = try await Self.start(placements, in: directory)
            let (n1, n2) = (placements[0], placements[1])
            let link = try TCPStream.connect(host: n2.announceHost, port: n2.announcePorts["client"]!, source: n1.sourceAddress)
            #expect(link.ping(timeout: 10))
            // n2 -> n1 cut: n1's request reaches n2, the reply is held.
            try await network.drop(from: "n2", to: "n1", probability: 1)
            #expect(network.describe == "cut n2->n1")
            let client = try RedisConnection(host: n2.announceHost, port: n2.announcePorts["client"]!)
            _ = try client.send(["client", "setname", "watcher"])
            #expect(link.write("CLIENT SETNAME fromn1\r\n"))
            #expect(link.read(exactly: 5, timeout: 0.5).isEmpty, "the reply crossed a cut link")
            let names = try ClusterNodes.waitFor(10) {
                try client.send(["client", "list"]).string?.contains("name=fromn1") == true
            }
            #expect(names, "the request did not reach n2")
            try await network.heal()
            #expect(String(decoding: link.read(exactly: 5, timeout: 10), as: UTF8.self) == "+OK\r\n")
            withExtendedLifetime((servers, directory)) {}
        }
    }

    @Test func resetClosesTheLinksOpenConnectionsOnly() async throws {
        try await NetworkHarness.withProxy(nodes: ["n1", "n2", "n3"]) { network, placements in
            let directory = try TemporaryDirectory("proxy-network")
            let servers = try await Self.start(placements, in: directory)
            let (n1, n2, n3) = (placements[0], placements[1], placements[2])
            let link = try TCPStream.connect(host: n2.announceHost, port: n2.announcePorts["client"]!, source: n1.sourceAddress)
            let other = try TCPStream.connect(host: n2.announceHost, port: n2.announcePorts["client"]!, source: n3.sourceAddress)
            #expect(link.ping(timeout: 10) && other.ping(timeout: 10))
            try await network.reset(from: "n1", to: "n2")
            #expect(link.read(timeout: 10) == nil, "the n1-n2 connection was not reset")
            #expect(other.ping(timeout: 10), "the n3-n2 connection was touched")
            let again = try TCPStream.connect(host: n2.announceHost, port: n2.announcePorts["client"]!, source: n1.sourceAddress)
            #expect(again.ping(timeout: 10), "reset is not a lasting fault")
            withExtendedLifetime((servers, directory)) {}
        }
    }

    @Test func delayAndLossSlowALinkWithoutCorruptingIt() async throws {
        try await NetworkHarness.withProxy(nodes: ["n1", "n2"], seed: 3) { network, placements in
            let directory = try TemporaryDirectory("proxy-network")
            let servers = try await Self.start(placements, in: directory)
            let (n1, n2) = (placements[0], placements[1])
            let link = try TCPStream.connect(host: n2.announceHost, port: n2.announcePorts["client"]!, source: n1.sourceAddress)
            try await network.delay(from: "n1", to: "n2", by: .milliseconds(300))
            var start = Date()
            #expect(link.ping(timeout: 10))
            let delayed = Date().timeIntervalSince(start)
            #expect(delayed >= 0.3, "round trip \(delayed)s with 300 ms one way")

            try await network.delay(from: "n1", to: "n2", by: .zero)
            try await network.drop(from: "n1", to: "n2", probability: 0.3)
            #expect(network.describe == "loss n1->n2 30%")
            var slow = 0
            for i in 0..<12 {
                start = Date()
                // Every request answered, in order, whatever was "lost" on the way.
                #expect(link.write("ECHO m\(i)\r\n"))
                let reply = String(decoding: link.read(exactly: 7 + String(i).count, timeout: 15), as: UTF8.self)
                #expect(reply == "$\(1 + String(i).count)\r\nm\(i)\r\n")
                if Date().timeIntervalSince(start) >= 0.2 { slow += 1 }
            }
            #expect(slow > 0, "30% loss never cost a retransmission in 12 requests")
            withExtendedLifetime((servers, directory)) {}
        }
    }

    @Test func faultsNameOnlyPlacedNodes() async throws {
        try await NetworkHarness.withProxy(nodes: ["n1", "n2"]) { network, _ in
            await #expect(throws: NetworkError.unknownNode("n9")) { try await network.partition([["n1"], ["n9"]]) }
            await #expect(throws: NetworkError.unknownNode("n7")) { try await network.isolate("n7") }
            #expect(network.faults.isEmpty)
        }
    }

    /// Three masters formed through the proxies; isolating one makes the other two mark it
    /// FAIL, and healing brings it back. Our node and redis-server (both honour
    /// bind-source-addr and the announce directives).
    @Test(arguments: [ClusterNodes.Kind.shakedown, .reference])
    func isolatedMasterIsMarkedFailAndReturnsOnHeal(_ kind: ClusterNodes.Kind) async throws {
        let directory = try TemporaryDirectory("proxy-cluster")
        try await NetworkHarness.withProxy(nodes: ["n1", "n2", "n3"], ports: ["client": 0, "bus": 0]) { network, placements in
            // The waits below last seconds each: off the cooperative pool.
            let servers = try await OffPool.run { try Self.startCluster(kind, placements, in: directory) }
            let victim = placements[2]
            let others = Array(placements.prefix(2))
            #expect(await OffPool.value { Self.allOK(placements) }, "cluster never formed")

            try await network.isolate(victim.node)
            #expect(await OffPool.value { Self.see(victim, as: true, from: others) }, "the others never marked \(victim.node) fail")
            #expect(
                await OffPool.value { Self.stateBecomes("fail", on: victim, within: 10) },
                "the isolated node still thinks the cluster is ok")

            try await network.heal()
            #expect(
                await OffPool.value { Self.see(victim, as: false, from: others, within: 30) }, "\(victim.node) still fail after heal")
            #expect(await OffPool.value { Self.allOK(placements, within: 30) }, "cluster not ok after heal")
            await OffPool.value { for server in servers { server.stop() } }
        }
        withExtendedLifetime(directory) {}
    }

    /// Our nodes where the backend placed them; a start waits for the server's ready line,
    /// so it runs off the cooperative pool.
    private static func start(_ placements: [NodePlacement], in directory: TemporaryDirectory) async throws -> [ServerProcess] {
        try await OffPool.run { try placements.map { try ServerProcess.placed($0, kind: .shakedown, [], in: directory) } }
    }

    private static func allOK(_ placements: [NodePlacement], within seconds: TimeInterval = 20) -> Bool {
        ClusterNodes.waitFor(seconds) { placements.allSatisfy { $0.clusterState == "ok" } }
    }

    private static func stateBecomes(_ state: String, on node: NodePlacement, within seconds: TimeInterval) -> Bool {
        ClusterNodes.waitFor(seconds) { node.clusterState == state }
    }

    /// Whether every observer's CLUSTER NODES shows `node` failed (or not).
    private static func see(
        _ node: NodePlacement, as failed: Bool, from observers: [NodePlacement], within seconds: TimeInterval = 20
    ) -> Bool {
        let port = node.announcePorts["client"]
        return ClusterNodes.waitFor(seconds) {
            observers.allSatisfy { observer in observer.clusterView.first { $0.port == port }?.isFailed == failed }
        }
    }

    /// Cluster-enabled nodes where the backend placed them, joined by redis-cli through the
    /// proxies.
    private static func startCluster(_ kind: ClusterNodes.Kind, _ placements: [NodePlacement], in directory: TemporaryDirectory)
        throws -> [ServerProcess]
    {
        let servers = try placements.map { placement in
            try ServerProcess.placed(
                placement, kind: kind, ["--cluster-enabled", "yes", "--cluster-node-timeout", "1000"], in: directory)
        }
        let create = try ClusterNodes.cli(["--cluster", "create"] + placements.map(\.announcedClient) + ["--cluster-yes"])
        guard create.status == 0 else {
            throw ServerProcess.Failure(description: "redis-cli --cluster create failed: \(create.output)")
        }
        return servers
    }
}

extension NodePlacement {
    /// A connection from the runner (127.0.0.1) to the node's announced client port.
    fileprivate func connection() throws -> RedisConnection {
        try RedisConnection(host: announceHost, port: announcePorts["client"]!)
    }

    fileprivate var clusterState: String? {
        guard let text = (try? connection().send(["cluster", "info"]))?.string else { return nil }
        return text.split(separator: "\r\n").first { $0.hasPrefix("cluster_state:") }.map { String($0.dropFirst(14)) }
    }

    fileprivate var clusterView: [ClusterNodesLine] {
        ClusterNodesLine.parse((try? connection().send(["cluster", "nodes"]))?.string ?? "")
    }
}
