/// The replication facts and actions the cluster uses (Redis's `replicationGetSlaveOffset`,
/// `replicationSetMaster`, `replicationUnsetMaster`, the data age of a replica).
extension RedisNode {
    /// What a node advertises on the bus: the offset it applied as a replica, the offset
    /// it produced as a master.
    var replicationOffsetForCluster: Int64 {
        replication.isReplica ? replication.processedOffset : replication.replicationOffset
    }

    func replicateFromClusterMaster(host: String, port: Int) { replication.replicate(host: host, port: port) }

    func stopReplicatingForCluster() { replication.promoteToMaster() }

    var isReplicatingForCluster: Bool { replication.isReplica }

    /// Since the last byte from the master while linked, else since the link went down.
    func millisecondsSinceMasterInteraction(now: Int64) -> Int64 {
        if replication.isMasterLinkUp, let last = replication.lastMasterInteraction { return now - last }
        if let down = replication.masterLinkDownSince { return now - down }
        // Never linked: as old as can be (Redis's repl_down_since is 0 then).
        return now
    }

    var replicaPingPeriodSeconds: Int { config.replication.pingPeriod }
}
