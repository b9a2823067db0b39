import NIOCore
import RESP

/// CLUSTER and its subcommands, READONLY, READWRITE, ASKING.
enum ClusterCommands {
    static var all: [CommandSpec] { [container, readonly, readwrite, asking] }

    static let container = CommandSpec(
        container: "cluster", group: .cluster,
        subcommands: [
            spec("addslots", -3, "admin stale no_async_loading", ClusterSlotCommands.addSlots),
            spec("addslotsrange", -4, "admin stale no_async_loading", ClusterSlotCommands.addSlotsRange),
            spec("bumpepoch", 2, "admin stale no_async_loading", ClusterTopologyCommands.bumpEpoch),
            spec("count-failure-reports", 3, "admin stale", ClusterTopologyCommands.countFailureReports),
            spec("countkeysinslot", 3, "stale", ClusterSlotCommands.countKeysInSlot),
            spec("delslots", -3, "admin stale no_async_loading", ClusterSlotCommands.delSlots),
            spec("delslotsrange", -4, "admin stale no_async_loading", ClusterSlotCommands.delSlotsRange),
            spec("failover", -2, "admin stale no_async_loading", ClusterTopologyCommands.failover),
            spec("flushslots", 2, "admin stale no_async_loading", ClusterSlotCommands.flushSlots),
            spec("forget", 3, "admin stale no_async_loading", ClusterTopologyCommands.forget),
            spec("getkeysinslot", 4, "stale", ClusterSlotCommands.getKeysInSlot),
            spec("help", 2, "loading stale", help),
            spec("info", 2, "stale", ClusterReportCommands.info),
            spec("keyslot", 3, "stale", ClusterSlotCommands.keySlot),
            spec("links", 2, "stale", ClusterReportCommands.links),
            spec("meet", -4, "admin stale no_async_loading", ClusterTopologyCommands.meet),
            spec("myid", 2, "stale", ClusterReportCommands.myID),
            spec("nodes", 2, "stale", ClusterReportCommands.nodes),
            spec("replicas", 3, "admin stale", ClusterReportCommands.replicas),
            spec("replicate", 3, "admin stale no_async_loading", ClusterTopologyCommands.replicate),
            spec("reset", -2, "admin stale noscript", ClusterTopologyCommands.reset),
            spec("saveconfig", 2, "admin stale no_async_loading", ClusterTopologyCommands.saveConfig),
            spec("set-config-epoch", 3, "admin stale no_async_loading", ClusterTopologyCommands.setConfigEpoch),
            spec("setslot", -4, "admin stale no_async_loading", ClusterSlotCommands.setSlot),
            spec("shards", 2, "stale", ClusterReportCommands.shards),
            spec("slaves", 3, "admin stale", ClusterReportCommands.replicas),
            spec("slots", 2, "stale", ClusterReportCommands.slots),
        ])

    static let readonly = CommandSpec("readonly", arity: 1, flags: "fast loading stale", group: .cluster, categories: ["@connection"]) {
        call throws(RedisError) in
        guard call.node.cluster != nil else { throw disabled }
        call.client.clusterReadOnly = true
        call.reply.ok()
    }

    static let readwrite = CommandSpec("readwrite", arity: 1, flags: "fast loading stale", group: .cluster, categories: ["@connection"]) {
        call throws(RedisError) in
        guard call.node.cluster != nil else { throw disabled }
        call.client.clusterReadOnly = false
        call.reply.ok()
    }

    static let asking = CommandSpec("asking", arity: 1, flags: "fast", group: .cluster, categories: ["@connection"]) { call throws(RedisError) in
        guard call.node.cluster != nil else { throw disabled }
        call.client.asking = true
        call.reply.ok()
    }

    static let disabled = RedisError("ERR This instance has cluster support disabled")

    /// Every CLUSTER subcommand but HELP needs cluster mode.
    private static func spec(
        _ name: String, _ arity: Int, _ flags: String, _ handler: @escaping @Sendable (inout Call, Cluster) throws(RedisError) -> Void
    ) -> CommandSpec {
        CommandSpec(name, arity: arity, flags: flags, group: .cluster) { call throws(RedisError) in
            guard let cluster = call.node.cluster else { throw disabled }
            try handler(&call, cluster)
        }
    }

    static func help(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        let lines = [
            "CLUSTER <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
            "ADDSLOTS <slot> [<slot> ...]", "    Assign slots to current node.",
            "ADDSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
            "    Assign slots which are between <start-slot> and <end-slot> to current node.",
            "BUMPEPOCH", "    Advance the cluster config epoch.",
            "COUNT-FAILURE-REPORTS <node-id>", "    Return number of failure reports for <node-id>.",
            "COUNTKEYSINSLOT <slot>", "    Return the number of keys in <slot>.",
            "DELSLOTS <slot> [<slot> ...]", "    Delete slots information from current node.",
            "DELSLOTSRANGE <start slot> <end slot> [<start slot> <end slot> ...]",
            "    Delete slots information which are between <start-slot> and <end-slot> from current node.",
            "FAILOVER [FORCE|TAKEOVER]", "    Promote current replica node to being a master.",
            "FORGET <node-id>", "    Remove a node from the cluster.",
            "GETKEYSINSLOT <slot> <count>", "    Return key names stored by current node in a slot.",
            "FLUSHSLOTS", "    Delete current node own slots information.",
            "INFO", "    Return information about the cluster.",
            "KEYSLOT <key>", "    Return the hash slot for <key>.",
            "MEET <ip> <port> [<bus-port>]", "    Connect nodes into a working cluster.",
            "MYID", "    Return the node id.",
            "NODES", "    Return cluster configuration seen by node. Output format:",
            "    <id> <ip:port> <flags> <master> <pings> <pongs> <epoch> <link> <slot> ...",
            "REPLICATE <node-id>", "    Configure current node as replica to <node-id>.",
            "RESET [HARD|SOFT]", "    Reset current node (default: soft).",
            "SET-CONFIG-EPOCH <epoch>", "    Set config epoch of current node.",
            "SETSLOT <slot> (IMPORTING <node-id>|MIGRATING <node-id>|STABLE|NODE <node-id>)", "    Set slot state.",
            "REPLICAS <node-id>", "    Return <node-id> replicas.",
            "SAVECONFIG", "    Force saving cluster configuration on disk.",
            "SLOTS", "    Return information about slots range mappings. Each range is made of:",
            "    start, end, master and replicas IP addresses, ports and ids",
            "SHARDS", "    Return information about slot range mappings and the nodes associated with them.",
            "LINKS", "    Return information about all network links between this node and its peers.",
            "    Output format is an array where each array element is a map containing attributes of a link",
            "HELP", "    Print this help.",
        ]
        call.reply.arrayHeader(lines.count)
        for l in lines { call.reply.simpleString(l) }
    }

    /// `getSlotOrReply`.
    static func slot(_ call: Call, _ i: Int) throws(RedisError) -> Int {
        guard let v = try? call.int(i), v >= 0, v < Int64(Cluster.slotCount) else {
            throw RedisError("ERR Invalid or out of range slot")
        }
        return Int(v)
    }

    static func node(_ call: Call, _ cluster: Cluster, _ i: Int, unknown: String = "Unknown node") throws(RedisError)
        -> ClusterNode
    {
        let text = call.string(i)
        guard let id = ClusterNodeID(text), let n = cluster.lookup(id) else { throw RedisError("ERR \(unknown) \(text)") }
        return n
    }
}
