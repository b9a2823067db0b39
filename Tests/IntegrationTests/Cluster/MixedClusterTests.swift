import Foundation
import Testing

/// Our nodes and redis-server 7.0 nodes in one cluster: the bus is the same protocol, so
/// they meet, agree on slots and judge each other's failures.
@Suite(.serialized) struct MixedClusterTests {
    @Test func swiftAndRedisNodesFormOneClusterAndDetectEachOthersFailure() throws {
        let cluster = try ClusterNodes([.shakedown, .reference, .shakedown, .reference])
        let create = try ClusterNodes.cli(
            ["--cluster", "create"] + cluster.addresses.prefix(3) + ["--cluster-yes"])
        #expect(create.status == 0, "\(create.output)")
        #expect(
            try ClusterNodes.waitFor { try (0..<3).allSatisfy { try cluster.info($0, "cluster_state") == "ok" } },
            "cluster_state never became ok")
        let add = try ClusterNodes.cli(["--cluster", "add-node", cluster.addresses[3], cluster.addresses[0]])
        #expect(add.status == 0, "\(add.output)")
        #expect(try ClusterNodes.waitFor { try (0..<4).allSatisfy { try cluster.info($0, "cluster_known_nodes") == "4" } })
        #expect(try ClusterNodes.waitFor { try (0..<4).allSatisfy { try cluster.info($0, "cluster_state") == "ok" } })
        for i in 0..<4 {
            let check = try ClusterNodes.cli(["--cluster", "check", cluster.addresses[i]])
            #expect(check.status == 0 && check.output.contains("[OK] All nodes agree"), "node \(i): \(check.output)")
        }
        for i in 0..<10 {
            let set = try ClusterNodes.cli(["-c", "-p", String(cluster.port(i % 4)), "set", "k\(i)", "v\(i)"])
            #expect(set.output.contains("OK"), "\(set.output)")
        }

        // redis-server (node 1, a master) dies: our nodes mark it FAIL, the cluster goes down.
        let redisID = cluster.nodesView(1).first { $0.flags.contains("myself") }!.id
        cluster.kill(1)
        #expect(
            try ClusterNodes.waitFor(15) {
                let state = try cluster.info(0, "cluster_state")
                return cluster.nodesView(0).first { $0.id == redisID }?.isFailed == true && state == "fail"
            }, "\(cluster.nodesView(0))")
        #expect(ClusterNodes.waitFor(15) { cluster.nodesView(3).first { $0.id == redisID }?.isFailed == true })

        // One of ours (node 2, a master) dies: redis-server (node 3) marks it FAIL too.
        let swiftID = cluster.nodesView(2).first { $0.flags.contains("myself") }!.id
        cluster.kill(2)
        #expect(
            try ClusterNodes.waitFor(15) { cluster.nodesView(3).first { $0.id == swiftID }?.isFailed == true },
            "\(cluster.nodesView(3))")
    }
}
