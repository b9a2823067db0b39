import Foundation
import Testing

/// The seed's pitfall: a cluster node restarted with its dump.rdb but without nodes.conf
/// comes back as a new node that claims the slots of its keys (serving stale data at epoch
/// 0), and `redis-cli --cluster add-node` refuses it. Our node and redis-server 7.0 must show
/// the same outcome, down to redis-cli's error lines.
@Suite(.serialized) struct StaleRDBRestartTests {
    struct Outcome: Equatable {
        var newID: Bool
        var claimedSlots: [String]
        var knownNodes: String?
        var state: String?
        var addNodeRefused: Bool
        /// redis-cli's [ERR] lines (but the timing-dependent disagreement one): why it refused.
        var addNodeErrors: [String]
    }

    private func run(_ kind: ClusterNodes.Kind) throws -> Outcome {
        let cluster = try ClusterNodes(Array(repeating: kind, count: 3))
        let create = try ClusterNodes.cli(["--cluster", "create"] + cluster.addresses + ["--cluster-yes"])
        #expect(create.status == 0, "\(create.output)")
        #expect(try ClusterNodes.waitFor { try (0..<3).allSatisfy { try cluster.info($0, "cluster_state") == "ok" } })
        for i in 0..<200 {
            _ = try ClusterNodes.cli(["-c", "-p", String(cluster.port(i % 3)), "set", "user:\(i)", "v\(i)"])
        }
        let oldID = cluster.nodesView(0).first { $0.flags.contains("myself") }?.id
        #expect(try cluster.connect(0).send(["save"]) == .simpleString("OK"))
        cluster.kill(0)
        try FileManager.default.removeItem(at: cluster.dir(0).appendingPathComponent("nodes.conf"))
        try cluster.restart(0)

        let me = cluster.nodesView(0).first { $0.flags.contains("myself") }
        let add = try ClusterNodes.cli(["--cluster", "add-node", cluster.addresses[0], cluster.addresses[1]])
        return Outcome(
            newID: me != nil && me?.id != oldID, claimedSlots: me?.slots ?? [],
            knownNodes: try cluster.info(0, "cluster_known_nodes"), state: try cluster.info(0, "cluster_state"),
            addNodeRefused: add.status != 0,
            addNodeErrors: add.output.split(separator: "\n").filter { $0.contains("[ERR]") }
                // Whether the others have already seen the new node is a matter of timing.
                .filter { !$0.contains("don't agree") }
                .map { String($0[$0.range(of: "[ERR]")!.lowerBound...]) })
    }

    @Test func staleRDBWithoutNodesConfBehavesAsRedis() throws {
        let ours = try run(.shakedown)
        let redis = try run(.reference)
        #expect(ours == redis, "ours \(ours), redis \(redis)")
        #expect(redis.newID, "\(redis)")
        #expect(redis.addNodeRefused, "\(redis)")
        #expect(!redis.claimedSlots.isEmpty, "\(redis)")
        #expect(redis.knownNodes == "1")
    }
}
