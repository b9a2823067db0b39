/// The `cluster-*` directives (Redis 7.0 names and defaults).
public struct ClusterSettings: Sendable {
    public var enabled = false
    public var configFile = "nodes.conf"
    public var nodeTimeout = 15000
    /// The bus port; 0 means the client port + 10000.
    public var port = 0
    public var announceIP = ""
    public var announcePort = 0
    public var announceBusPort = 0
    public var announceHostname = ""
    public var requireFullCoverage = true
    public var allowReadsWhenDown = false
    public var allowPubsubShardWhenDown = true
    public var replicaValidityFactor = 10
    public var replicaNoFailover = false
    public var migrationBarrier = 1
    public var allowReplicaMigration = true

    public init() {}
}
