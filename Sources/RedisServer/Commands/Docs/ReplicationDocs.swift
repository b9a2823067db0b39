/// Documentation of the replication commands (WAIT is with the generic ones).
enum ReplicationDocs {
    static let entries: [DocEntry] = [
        DocEntry(
            "psync", "2.8.0", "An internal command used in replication.",
            complexity: "", args: "replicationid offset:integer"),
        DocEntry(
            "replconf", "3.0.0", "An internal command for configuring the replication stream.",
            complexity: "O(1)", syscmd: true),
        DocEntry(
            "replicaof", "5.0.0", "Configures a server as replica of another, or promotes it to a master.",
            complexity: "O(1)", args: "(args={host-port=host port:integer}|{no-one=NO ONE})"),
        DocEntry(
            "role", "2.8.12", "Returns the replication role.",
            complexity: "O(1)"),
        DocEntry(
            "slaveof", "1.0.0", "Sets a Redis server as a replica of another, or promotes it to being a master.",
            complexity: "O(1)", args: "(args={host-port=host port:integer}|{no-one=NO ONE})",
            deprecated: (since: "5.0.0", replacedBy: "`REPLICAOF`")),
        DocEntry(
            "sync", "1.0.0", "An internal command used in replication.",
            complexity: ""),
    ]
}
