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
        // cluster_known_nodes counts nodes still in handshake, and the views settle by gossip:
        // poll the check until the nodes agree.
        var check = (status: Int32(-1), output: "")
        let agreed = try ClusterNodes.waitFor(60) {
            check = try ClusterNodes.cli(["--cluster", "check", cluster.addresses[0]])
            return check.status == 0 && check.output.contains("[OK] All nodes agree")
        }
        #expect(agreed, "\(check.output)")
        let me3 = cluster.nodesView(3).first { $0.flags.contains("myself") }
        #expect(me3?.flags.contains("slave") == true && me3?.master != nil, "\(cluster.nodesView(3))")

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

/// Replica migration (Redis 7.0's clusterHandleSlaveMigration): a master left without a
/// working replica gets one from the master with the most, beyond the migration barrier.
@Suite(.serialized) struct ClusterReplicaMigrationTests {
    @Test func orphanedMasterReceivesASpareReplica() throws {
        let cluster = try ClusterNodes(count: 7)
        let create = try ClusterNodes.cli(
            ["--cluster", "create"] + cluster.addresses.prefix(6) + ["--cluster-replicas", "1", "--cluster-yes"])
        #expect(create.status == 0, "\(create.output)")
        #expect(try ClusterNodes.waitFor { try (0..<6).allSatisfy { try cluster.info($0, "cluster_state") == "ok" } })
        let view = cluster.nodesView(0)
        let masters = view.filter(\.isMaster)
        guard masters.count == 3 else {
            Issue.record("\(view)")
            return
        }
        // Node 6 becomes a second replica of the first master.
        let rich = masters[0]
        let add = try ClusterNodes.cli(
            ["--cluster", "add-node", cluster.addresses[6], cluster.addresses[0], "--cluster-slave", "--cluster-master-id",
             rich.id])
        #expect(add.status == 0, "\(add.output)")
        #expect(try ClusterNodes.waitFor { try (0..<7).allSatisfy { try cluster.info($0, "cluster_state") == "ok" } })
        #expect(ClusterNodes.waitFor { cluster.nodesView(0).filter { $0.master == rich.id }.count == 2 })

        // The replica of another master dies: that master is orphaned.
        let poor = masters.first { m in m.id != rich.id && m.port != cluster.port(0) } ?? masters[1]
        guard let poorReplica = view.first(where: { $0.master == poor.id }),
            let victim = cluster.index(ofPort: poorReplica.port), victim != 0
        else {
            Issue.record("no replica of \(poor.id) away from node 0: \(view)")
            return
        }
        cluster.kill(victim)
        let migrated = ClusterNodes.waitFor(30) {
            cluster.nodesView(0).contains { $0.master == poor.id && !$0.isFailed && $0.port != poorReplica.port }
        }
        #expect(migrated, "\(cluster.nodesView(0))")
        #expect(cluster.nodesView(0).filter { $0.master == rich.id && !$0.isFailed }.count == 1)
    }
}
