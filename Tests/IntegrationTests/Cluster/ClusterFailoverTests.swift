import Foundation
import Testing

/// Masters killed with SIGKILL in a six-node cluster (three masters, one replica each),
/// node-timeout 1 s: the behaviour of Redis 7.0 (promotion by majority vote, the old master
/// returning as a replica, no promotion without a majority, TAKEOVER).
@Suite(.serialized) struct ClusterFailoverTests {
    private func sixNodeCluster(_ kinds: [ClusterNodes.Kind] = Array(repeating: .shakedown, count: 6)) throws
        -> ClusterNodes
    {
        let cluster = try ClusterNodes(kinds)
        let create = try ClusterNodes.cli(
            ["--cluster", "create"] + cluster.addresses + ["--cluster-replicas", "1", "--cluster-yes"])
        #expect(create.status == 0, "\(create.output)")
        #expect(
            try ClusterNodes.waitFor { try (0..<6).allSatisfy { try cluster.info($0, "cluster_state") == "ok" } },
            "cluster_state never became ok")
        // Which node replicates which reaches node 0 by gossip, after cluster_state is ok.
        #expect(ClusterNodes.waitFor { topology(cluster, from: 0).count == 3 }, "node 0 never saw three master/replica pairs")
        return cluster
    }

    /// Indices of the masters as node `observer` sees them, and each one's replica.
    private func topology(_ cluster: ClusterNodes, from observer: Int) -> [(master: Int, replica: Int)] {
        let view = cluster.nodesView(observer)
        return view.filter(\.isMaster).compactMap { m in
            guard let mi = cluster.index(ofPort: m.port),
                let r = view.first(where: { $0.master == m.id }), let ri = cluster.index(ofPort: r.port)
            else { return nil }
            return (mi, ri)
        }
    }

    /// All ours; redis-server masters with our replicas; our masters with redis-server
    /// replicas (redis-cli makes the first three masters).
    @Test(arguments: [
        [ClusterNodes.Kind](repeating: .shakedown, count: 6),
        [.reference, .reference, .reference, .shakedown, .shakedown, .shakedown],
        [.shakedown, .shakedown, .shakedown, .reference, .reference, .reference],
    ])
    func killedMasterIsReplacedByItsReplicaAndReturnsAsReplica(_ kinds: [ClusterNodes.Kind]) throws {
        let cluster = try sixNodeCluster(kinds)
        // Data written before the failure is on the replica that takes over.
        for i in 0..<50 {
            _ = try ClusterNodes.cli(["-c", "-p", String(cluster.port(0)), "set", "before:\(i)", "v\(i)"])
        }
        #expect(ClusterNodes.waitFor(30) { cluster.replicasInSync() }, "replicas never in sync")
        let pairs = topology(cluster, from: 0)
        #expect(pairs.count == 3)
        guard let victim = pairs.first(where: { $0.master != 0 && $0.replica != 0 }) else {
            Issue.record("no master/replica pair away from node 0: \(pairs)")
            return
        }
        // A link that is up says nothing of the 50 keys: wait until the replica has applied
        // the master's stream up to its offset after the writes. (WAIT would not do: it counts
        // acks of its own connection's last write, and redis-cli's connection wrote nothing.)
        let written = try #require(cluster.info(victim.master, "master_repl_offset", section: "replication").flatMap { Int($0) })
        #expect(
            ClusterNodes.waitFor(30) {
                (try? cluster.info(victim.replica, "slave_repl_offset", section: "replication")).flatMap { Int($0) }
                    .map { $0 >= written } == true
            }, "the replica never applied the master's writes")
        let victimID = cluster.nodesView(victim.master).first { $0.flags.contains("myself") }!.id
        cluster.kill(victim.master)
        let promoted = try ClusterNodes.waitFor(30) {
            let view = cluster.nodesView(0)
            let replica = view.first { $0.port == cluster.port(victim.replica) }
            let state = try cluster.info(0, "cluster_state")
            return replica?.isMaster == true && !(replica?.slots.isEmpty ?? true)
                && view.first { $0.id == victimID }?.isFailed == true && state == "ok"
        }
        #expect(promoted, "replica not promoted: \(cluster.nodesView(0))")
        let live = cluster.addresses.enumerated().filter { $0.offset != victim.master }.map(\.element)
        let check = try ClusterNodes.cli(["--cluster", "check", live[0]])
        #expect(check.output.contains("[OK] All 16384 slots covered."), "\(check.output)")
        for i in 0..<50 {
            let get = try ClusterNodes.cli(["-c", "-p", String(cluster.port(0)), "get", "before:\(i)"])
            #expect(get.output.trimmingCharacters(in: .whitespacesAndNewlines) == "v\(i)", "before:\(i): \(get.output)")
        }

        // The old master comes back (with its nodes.conf) and follows the new one.
        try cluster.restart(victim.master)
        let demoted = ClusterNodes.waitFor(30) {
            let me = cluster.nodesView(victim.master).first { $0.flags.contains("myself") }
            let newMasterID = cluster.nodesView(victim.replica).first { $0.flags.contains("myself") }?.id
            return me?.flags.contains("slave") == true && me?.master == newMasterID
        }
        #expect(demoted, "old master did not become a replica: \(cluster.nodesView(victim.master))")
    }

    @Test func noPromotionWithoutAMajorityOfMastersUntilTakeover() throws {
        let cluster = try sixNodeCluster()
        let pairs = topology(cluster, from: 0)
        guard pairs.count == 3, let survivor = pairs.first(where: { $0.master == 0 }) ?? pairs.first else {
            Issue.record("unexpected topology \(pairs)")
            return
        }
        let victims = pairs.filter { $0.master != survivor.master }
        for v in victims { cluster.kill(v.master) }
        let down = try ClusterNodes.waitFor(15) { try cluster.info(survivor.master, "cluster_state") == "fail" }
        #expect(down)
        // Well past the failover delays: nobody was promoted.
        Thread.sleep(forTimeInterval: 5)
        for v in victims {
            let line = cluster.nodesView(survivor.master).first { $0.port == cluster.port(v.replica) }
            #expect(line?.flags.contains("slave") == true, "\(String(describing: line))")
        }
        #expect(try cluster.info(survivor.master, "cluster_state") == "fail")

        for v in victims {
            let reply = try ClusterNodes.cli(["-p", String(cluster.port(v.replica)), "cluster", "failover", "takeover"])
            #expect(reply.output.contains("OK"), "\(reply.output)")
        }
        let back = try ClusterNodes.waitFor(30) { try cluster.info(survivor.master, "cluster_state") == "ok" }
        #expect(back, "\(cluster.nodesView(survivor.master))")
    }

    /// CLUSTER FAILOVER (no FORCE): the master pauses writes until the replica has its
    /// offset, then the replica is elected; nothing acknowledged is lost.
    @Test func manualFailoverSwapsRolesWithoutLosingWrites() throws {
        let cluster = try sixNodeCluster()
        let pair = topology(cluster, from: 0).first!
        for i in 0..<100 {
            _ = try ClusterNodes.cli(["-c", "-p", String(cluster.port(0)), "set", "m:\(i)", "v\(i)"])
        }
        #expect(ClusterNodes.waitFor(30) { cluster.replicasInSync() })
        let reply = try ClusterNodes.cli(["-p", String(cluster.port(pair.replica)), "cluster", "failover"])
        #expect(reply.output.contains("OK"), "\(reply.output)")
        let swapped = ClusterNodes.waitFor(20) {
            let view = cluster.nodesView(pair.replica)
            let me = view.first { $0.flags.contains("myself") }
            let old = view.first { $0.port == cluster.port(pair.master) }
            return me?.isMaster == true && old?.flags.contains("slave") == true
        }
        #expect(swapped, "\(cluster.nodesView(pair.replica))")
        for i in 0..<100 {
            let get = try ClusterNodes.cli(["-c", "-p", String(cluster.port(0)), "get", "m:\(i)"])
            #expect(get.output.trimmingCharacters(in: .whitespacesAndNewlines) == "v\(i)")
        }
    }
}
