import Foundation
import NIOPosix
import Shakedown
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The netns backend with real nodes in namespaces of their own: replication across the
/// bridge, redis-cli from the client namespace, a partition as DROP rules inside the node
/// namespaces, heal, reset. The root namespace must not change: its addresses, links and
/// iptables rules are compared before and after.
@Suite(.serialized, .enabled(if: NetnsAvailability.reason == nil, "needs root, network namespaces and iptables"))
struct NetnsNetworkTests {
    @Test func partitionAsRulesInsideNamespacesAndNothingLeftBehind() async throws {
        let before = try RootNamespace.snapshot()
        let network = try await NetnsBackend.make()
        var prefix = ""
        do {
            let placements = try await network.setUp(nodes: ["n1", "n2", "n3"].map {
                NodeNetworkRequest(node: $0, ports: ["client": 6379])
            })
            prefix = String(network.clientCommandPrefix.last!.dropLast("-client".count))
            try await exercise(network, placements)
        } catch {
            try? await network.tearDown()
            throw error
        }
        try await network.tearDown()

        let listing = try ExternalTool.run("ip", ["netns", "list"]).output
        #expect(!listing.contains(prefix + "-"), "namespaces left behind: \(listing)")
        let after = try RootNamespace.snapshot()
        #expect(after.addresses == before.addresses)
        #expect(after.links == before.links)
        #expect(after.rules == before.rules)
    }

    private func exercise(_ network: NetnsBackend, _ placements: [NodePlacement]) async throws {
        let (n1, n2, n3) = (placements[0], placements[1], placements[2])
        #expect(n1.listenHost == "10.77.0.2" && n1.announcePorts == ["client": 6379] && n1.sourceAddress == n1.listenHost)
        #expect(n1.directives == [NodeDirective("protected-mode", "no")])
        #expect(n1.commandPrefix.suffix(2) == ["exec", network.clientCommandPrefix.last!.replacingOccurrences(of: "-client", with: "-n1")])
        let directory = try TemporaryDirectory("netns-network")
        let servers = [
            try ServerProcess.placed(n1, kind: .shakedown, [], in: directory),
            try ServerProcess.placed(n2, kind: .shakedown, ["--replicaof", n1.announceHost, "6379"], in: directory),
            try ServerProcess.placed(n3, kind: .reference, [], in: directory),
        ]
        defer { for server in servers { server.stop() } }

        // redis-cli from the client namespace; the replica syncs across the bridge.
        func cli(_ p: NodePlacement, _ arguments: [String]) throws -> String {
            let prefix = network.clientCommandPrefix
            let redisCli = try ExternalTool.locate("redis-cli").path
            let run = try ExternalTool.run(prefix[0], Array(prefix.dropFirst()) + [redisCli, "-h", p.announceHost, "-p", "6379"] + arguments)
            return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try cli(n1, ["set", "k1", "v1"]) == "OK")
        #expect(try ClusterNodes.waitFor(10) { try cli(n2, ["get", "k1"]) == "v1" }, "no replication across namespaces")
        // The runner's own sockets, made in the client namespace.
        let fd = try network.connector.connectedSocket(host: n3.announceHost, port: 6379, timeout: .seconds(2))
        #expect(TCPStream(fd: fd, peerHost: n3.announceHost).ping(timeout: 2))
        #expect(try await ConnectorPing.ping(network.connector, host: n1.announceHost, port: 6379) == "+PONG\r\n")

        try await network.partition([["n1"], ["n2", "n3"]])
        let rules = try inside(n2, ["iptables-save"])
        #expect(rules.contains("-A INPUT -s 10.77.0.2/32 -j DROP"), "\(rules)")
        // Clients still reach both sides; the replica no longer hears its master.
        #expect(try cli(n1, ["set", "k2", "v2"]) == "OK")
        try await Task.sleep(for: .seconds(1))
        let during = try cli(n2, ["get", "k2"])
        #expect(during == "", "the replica got a write across the partition: \(during)")
        #expect(try cli(n3, ["ping"]) == "PONG")
        // Node to node: n3 cannot reach n1, can reach n2. (SIGKILL: a connect to a cut peer
        // waits out SYN retries, and children of the test process inherit a blocked SIGTERM.)
        #expect(try insideStatus(n3, ["timeout", "-s", "KILL", "1", try ExternalTool.locate("redis-cli").path, "-h", n1.announceHost, "ping"]) != 0)
        #expect(try insideStatus(n3, [try ExternalTool.locate("redis-cli").path, "-h", n2.announceHost, "ping"]) == 0)

        try await network.heal()
        #expect(!(try inside(n2, ["iptables-save"]).contains("DROP")))
        #expect(try ClusterNodes.waitFor(20) { try cli(n2, ["get", "k2"]) == "v2" }, "the held stream never arrived")

        // Reset: the replication link breaks and resumes with a partial resync.
        let partialBefore = try infoField(cli(n1, ["info", "stats"]), "sync_partial_ok")
        try await network.reset(from: "n2", to: "n1")
        let resumed = try ClusterNodes.waitFor(15) {
            try infoField(cli(n1, ["info", "stats"]), "sync_partial_ok") > partialBefore
        }
        #expect(resumed, "no partial resync after the reset")

        // Loss probability as a statistic rule.
        try await network.drop(from: "n3", to: "n2", probability: 0.25)
        #expect(try inside(n2, ["iptables-save"]).contains("-m statistic --mode random --probability 0.25"))
        try await network.heal()

        if !network.support.hasNetem {
            await #expect(throws: NetworkError.self) { try await network.delay(from: "n1", to: "n2", by: .milliseconds(50)) }
            #expect(network.faults.isEmpty)
        }
    }

    private func inside(_ p: NodePlacement, _ command: [String]) throws -> String {
        try ExternalTool.run(p.commandPrefix[0], Array(p.commandPrefix.dropFirst()) + command).output
    }

    private func insideStatus(_ p: NodePlacement, _ command: [String]) throws -> Int32 {
        try ExternalTool.run(p.commandPrefix[0], Array(p.commandPrefix.dropFirst()) + command).status
    }

    private func infoField(_ text: String, _ name: String) -> Int {
        text.split(whereSeparator: \.isNewline).first { $0.hasPrefix(name + ":") }
            .flatMap { Int($0.dropFirst(name.count + 1).trimmingCharacters(in: .whitespaces)) } ?? -1
    }

    @Test func autoChoosesNetnsHere() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let (backend, reason) = try await NetworkChoice.auto.makeBackend(group: group, seed: 1)
        #expect(backend.name == "netns", "\(reason ?? "")")
        try await group.shutdownGracefully()
    }
}

/// Why the netns tests cannot run here, or nil when they can (checked once, synchronously).
enum NetnsAvailability {
    static let reason: String? = {
        guard geteuid() == 0 else { return "not root" }
        let name = "sdtest\(getpid())-avail"
        defer { _ = try? ExternalTool.run("ip", ["netns", "del", name]) }
        guard (try? ExternalTool.run("ip", ["netns", "add", name]))?.status == 0 else { return "no network namespaces" }
        let rule = "*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"
        guard (try? ExternalTool.run("ip", ["netns", "exec", name, "iptables-restore"], input: rule))?.status == 0 else {
            return "iptables does not work in a namespace"
        }
        return nil
    }()
}

/// What must not change in the root namespace.
struct RootNamespace: Equatable {
    var addresses: String
    var links: String
    var rules: String

    static func snapshot() throws -> RootNamespace {
        RootNamespace(
            addresses: try ExternalTool.run("ip", ["addr"]).output,
            links: try ExternalTool.run("ip", ["link"]).output,
            rules: try ExternalTool.run("iptables-save", []).output.split(separator: "\n")
                .filter { !$0.hasPrefix("#") }.joined(separator: "\n"))
    }
}
