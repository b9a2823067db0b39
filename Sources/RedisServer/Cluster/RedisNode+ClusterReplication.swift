// INTERIM (until replication lands on main): the replication facts the cluster needs.
extension RedisNode {
    var replicationOffsetForCluster: Int64 { 0 }
    func replicateFromClusterMaster(host: String, port: Int) { clusterMasterAddress = (host, port) }
    func stopReplicatingForCluster() { clusterMasterAddress = nil }
    var isReplicatingForCluster: Bool { clusterMasterAddress != nil }
    func millisecondsSinceMasterInteraction(now: Int64) -> Int64 { 0 }
    var replicaPingPeriodSeconds: Int { 10 }
}
