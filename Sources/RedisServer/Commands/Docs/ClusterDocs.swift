/// Documentation of the cluster commands: CLUSTER and its subcommands, READONLY, READWRITE
/// and ASKING, worded as Redis 7.0 words them.
enum ClusterDocs {
    static let slotRanges = "(start-slot_end-slot=start-slot:integer end-slot:integer)..."

    static let entries: [DocEntry] = [
        DocEntry(
            "asking", "3.0.0", "Sent by cluster clients after an -ASK redirect",
            complexity: "O(1)"),
        DocEntry(
            "cluster", "3.0.0", "A container for cluster commands",
            complexity: "Depends on subcommand."),
        DocEntry(
            "cluster|addslots", "3.0.0", "Assign new hash slots to receiving node",
            complexity: "O(N) where N is the total number of hash slot arguments",
            args: "slot:integer..."),
        DocEntry(
            "cluster|addslotsrange", "7.0.0", "Assign new hash slots to receiving node",
            complexity: "O(N) where N is the total number of the slots between the start slot and end slot arguments.",
            args: slotRanges),
        DocEntry(
            "cluster|bumpepoch", "3.0.0", "Advance the cluster config epoch",
            complexity: "O(1)", tips: "nondeterministic_output"),
        DocEntry(
            "cluster|count-failure-reports", "3.0.0", "Return the number of failure reports active for a given node",
            complexity: "O(N) where N is the number of failure reports",
            args: "node-id", tips: "nondeterministic_output"),
        DocEntry(
            "cluster|countkeysinslot", "3.0.0", "Return the number of local keys in the specified hash slot",
            complexity: "O(1)", args: "slot:integer"),
        DocEntry(
            "cluster|delslots", "3.0.0", "Set hash slots as unbound in receiving node",
            complexity: "O(N) where N is the total number of hash slot arguments",
            args: "slot:integer..."),
        DocEntry(
            "cluster|delslotsrange", "7.0.0", "Set hash slots as unbound in receiving node",
            complexity: "O(N) where N is the total number of the slots between the start slot and end slot arguments.",
            args: slotRanges),
        DocEntry(
            "cluster|failover", "3.0.0", "Forces a replica to perform a manual failover of its master.",
            complexity: "O(1)", args: "[options=FORCE|TAKEOVER]"),
        DocEntry(
            "cluster|flushslots", "3.0.0", "Delete a node's own slots information",
            complexity: "O(1)"),
        DocEntry(
            "cluster|forget", "3.0.0", "Remove a node from the nodes table",
            complexity: "O(1)", args: "node-id"),
        DocEntry(
            "cluster|getkeysinslot", "3.0.0", "Return local key names in the specified hash slot",
            complexity: "O(log(N)) where N is the number of requested keys",
            args: "slot:integer count:integer", tips: "nondeterministic_output"),
        DocEntry(
            "cluster|help", "5.0.0", "Show helpful text about the different subcommands",
            complexity: "O(1)"),
        DocEntry(
            "cluster|info", "3.0.0", "Provides info about Redis Cluster node state",
            complexity: "O(1)", tips: "nondeterministic_output"),
        DocEntry(
            "cluster|keyslot", "3.0.0", "Returns the hash slot of the specified key",
            complexity: "O(N) where N is the number of bytes in the key",
            args: "key"),
        DocEntry(
            "cluster|links", "7.0.0", "Returns a list of all TCP links to and from peer nodes in cluster",
            complexity: "O(N) where N is the total number of Cluster nodes",
            tips: "nondeterministic_output"),
        DocEntry(
            "cluster|meet", "3.0.0", "Force a node cluster to handshake with another node",
            complexity: "O(1)", args: "ip port:integer [cluster_bus_port:integer]@4.0.0",
            history: ["4.0.0: Added the optional `cluster_bus_port` argument."]),
        DocEntry(
            "cluster|myid", "3.0.0", "Return the node id",
            complexity: "O(1)"),
        DocEntry(
            "cluster|nodes", "3.0.0", "Get Cluster config for the node",
            complexity: "O(N) where N is the total number of Cluster nodes",
            tips: "nondeterministic_output"),
        DocEntry(
            "cluster|replicas", "5.0.0", "List replica nodes of the specified master node",
            complexity: "O(1)", args: "node-id", tips: "nondeterministic_output"),
        DocEntry(
            "cluster|replicate", "3.0.0", "Reconfigure a node as a replica of the specified master node",
            complexity: "O(1)", args: "node-id"),
        DocEntry(
            "cluster|reset", "3.0.0", "Reset a Redis Cluster node",
            complexity: "O(N) where N is the number of known nodes. The command may execute a FLUSHALL as a side effect.",
            args: "[hard_soft=HARD|SOFT]"),
        DocEntry(
            "cluster|saveconfig", "3.0.0", "Forces the node to save cluster state on disk",
            complexity: "O(1)"),
        DocEntry(
            "cluster|set-config-epoch", "3.0.0", "Set the configuration epoch in a new node",
            complexity: "O(1)", args: "config-epoch:integer"),
        DocEntry(
            "cluster|setslot", "3.0.0", "Bind a hash slot to a specific node",
            complexity: "O(1)",
            args: "slot:integer (subcommand=IMPORTING node-id|MIGRATING node-id|NODE node-id|STABLE)"),
        DocEntry(
            "cluster|shards", "7.0.0", "Get array of cluster slots to node mappings",
            complexity: "O(N) where N is the total number of cluster nodes",
            tips: "nondeterministic_output"),
        DocEntry(
            "cluster|slaves", "3.0.0", "List replica nodes of the specified master node",
            complexity: "O(1)", args: "node-id", tips: "nondeterministic_output",
            deprecated: (since: "5.0.0", replacedBy: "`CLUSTER REPLICAS`")),
        DocEntry(
            "cluster|slots", "3.0.0", "Get array of Cluster slot to node mappings",
            complexity: "O(N) where N is the total number of Cluster nodes",
            history: [
                "4.0.0: Added node IDs.",
                "7.0.0: Added additional networking metadata field.",
            ],
            tips: "nondeterministic_output",
            deprecated: (since: "7.0.0", replacedBy: "`CLUSTER SHARDS`")),
        DocEntry(
            "readonly", "3.0.0", "Enables read queries for a connection to a cluster replica node",
            complexity: "O(1)"),
        DocEntry(
            "readwrite", "3.0.0", "Disables read queries for a connection to a cluster replica node",
            complexity: "O(1)"),
    ]
}
