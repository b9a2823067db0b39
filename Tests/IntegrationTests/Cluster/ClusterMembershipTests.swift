import Foundation
import Testing

/// Growing and shrinking a cluster of our nodes with redis-cli, and a cluster client
/// (redis-py's RedisCluster) running a read/write workload against it.
@Suite(.serialized) struct ClusterMembershipTests {
    @Test func addNodeAsReplicaAndAsMasterThenDeleteTheEmptyOne() throws {
        let cluster = try ClusterNodes(count: 5)
        let create = try ClusterNodes.cli(["--cluster", "create"] + cluster.addresses.prefix(3) + ["--cluster-yes"])
        #expect(create.status == 0, "\(create.output)")
        #expect(try ClusterNodes.waitFor { try (0..<3).allSatisfy { try cluster.info($0, "cluster_state") == "ok" } })

        let replica = try ClusterNodes.cli(
            ["--cluster", "add-node", cluster.addresses[3], cluster.addresses[0], "--cluster-slave"])
        #expect(replica.status == 0, "\(replica.output)")
        let master = try ClusterNodes.cli(["--cluster", "add-node", cluster.addresses[4], cluster.addresses[0]])
        #expect(master.status == 0, "\(master.output)")
        #expect(try ClusterNodes.waitFor { try (0..<5).allSatisfy { try cluster.info($0, "cluster_known_nodes") == "5" } })
        let me3 = cluster.nodesView(3).first { $0.flags.contains("myself") }
        #expect(me3?.flags.contains("slave") == true && me3?.master != nil, "\(cluster.nodesView(3))")
        let check = try ClusterNodes.cli(["--cluster", "check", cluster.addresses[0]])
        #expect(check.status == 0 && check.output.contains("[OK] All nodes agree"), "\(check.output)")

        // The empty master leaves: everyone forgets it and it resets itself.
        let id4 = cluster.nodesView(4).first { $0.flags.contains("myself") }!.id
        let del = try ClusterNodes.cli(["--cluster", "del-node", cluster.addresses[0], id4])
        #expect(del.status == 0, "\(del.output)")
        #expect(try ClusterNodes.waitFor { try (0..<4).allSatisfy { try cluster.info($0, "cluster_known_nodes") == "4" } })
        #expect(try cluster.info(4, "cluster_known_nodes") == "1")
    }

    @Test func redisPyClusterClientRunsAWorkload() throws {
        let cluster = try ClusterNodes(count: 3)
        let create = try ClusterNodes.cli(["--cluster", "create"] + cluster.addresses + ["--cluster-yes"])
        #expect(create.status == 0, "\(create.output)")
        #expect(try ClusterNodes.waitFor { try (0..<3).allSatisfy { try cluster.info($0, "cluster_state") == "ok" } })
        let script = """
            import sys
            from redis.cluster import RedisCluster
            rc = RedisCluster(host="127.0.0.1", port=int(sys.argv[1]), decode_responses=True)
            for i in range(500):
                rc.set(f"key:{i}", i)
            assert all(int(rc.get(f"key:{i}")) == i for i in range(500))
            rc.incrby("counter", 5)
            rc.hset("h", mapping={"a": 1, "b": 2})
            assert rc.hgetall("h") == {"a": "1", "b": "2"}
            assert rc.mget("{t}1", "{t}2") == [None, None]
            print("ok", sum(rc.dbsize(target_nodes=n) for n in rc.get_primaries()))
            """
        let run = try ExternalTool.run("python3", ["-c", script, String(cluster.port(0))])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("ok 502"), "\(run.output)")
    }
}
