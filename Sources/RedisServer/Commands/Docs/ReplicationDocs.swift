/// Documentation of the replication commands: REPLICAOF (and SLAVEOF), the replica side's
/// PSYNC, SYNC and REPLCONF, WAIT (in the generic group, but about replication), ROLE and
/// FAILOVER, worded as Redis 7.0 words them.
enum ReplicationDocs {
    static let replicaofArgs = "(args=host-port=host port:integer|{no-one=NO ONE})"

    static let entries: [DocEntry] = [
        DocEntry(
            "failover", "6.2.0", "Start a coordinated failover between this server and one of its replicas.",
            complexity: "O(1)",
            args: "[target=TO host port:integer [FORCE]] [ABORT] [TIMEOUT milliseconds:integer]"),
        // Redis documents no complexity for PSYNC and SYNC.
        DocEntry(
            "psync", "2.8.0", "Internal command used for replication",
            complexity: nil, args: "replicationid offset:integer"),
        DocEntry(
            "replconf", "3.0.0", "An internal command for configuring the replication stream",
            complexity: "O(1)", syscmd: true),
        DocEntry(
            "replicaof", "5.0.0", "Make the server a replica of another instance, or promote it as master.",
            complexity: "O(1)", args: replicaofArgs),
        DocEntry(
            "role", "2.8.12", "Return the role of the instance in the context of replication",
            complexity: "O(1)"),
        DocEntry(
            "slaveof", "1.0.0", "Make the server a replica of another instance, or promote it as master.",
            complexity: "O(1)", args: replicaofArgs,
            deprecated: (since: "5.0.0", replacedBy: "`REPLICAOF`")),
        DocEntry(
            "sync", "1.0.0", "Internal command used for replication",
            complexity: nil),
        DocEntry(
            "wait", "3.0.0",
            "Wait for the synchronous replication of all the write commands sent in the context of the current connection",
            complexity: "O(1)", args: "numreplicas:integer timeout:integer",
            tips: "request_policy:all_shards response_policy:agg_min"),
    ]
}
