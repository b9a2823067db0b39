/// `restart: killed` or `restart: {node: n1, rdb: early, nodes-conf: missing}` — start a node
/// again, with its own files, or from an RDB snapshot taken earlier (`snapshot-rdb`) or a
/// fixture file, keeping or removing its nodes.conf: the seed's stale-RDB pitfall.
struct RestartFault: Fault {
    static let name = "restart"
    let selector: NodeSelector
    /// A snapshot name or a path to an RDB fixture.
    let rdb: String?
    let keepNodesConf: Bool

    init(parameters: Parameters, topology: Topology) throws {
        try parameters.allow(NodeSelector.keys + ["rdb", "nodes-conf"])
        selector = try NodeSelector(parameters: parameters, topology: topology, default: .killed)
        rdb = try parameters.string("rdb")
        keepNodesConf = (try parameters.choice("nodes-conf", among: ["kept", "missing"]) ?? "kept") == "kept"
        try parameters.finish()
    }

    func apply(_ context: NemesisContext) async throws -> FaultRecord {
        let nodes = try await selector.resolve(context)
        var rdbFile: String?
        if let rdb {
            guard let file = context.snapshots[rdb] ?? (rdb.contains("/") ? rdb : nil) else {
                throw NemesisError("no RDB snapshot named '\(rdb)' was taken before this restart")
            }
            rdbFile = file
        }
        for node in nodes {
            try await context.cluster.restart(node, rdb: rdbFile, keepNodesConf: keepNodesConf)
        }
        context.markRunning(nodes)
        let detail = (rdb.map { "stale-rdb \($0) " } ?? "") + "nodes-conf=\(keepNodesConf ? "kept" : "missing")"
        return FaultRecord(nodes: nodes, detail: detail)
    }

    var summary: String {
        selector.description + (rdb.map { " from RDB \($0)" } ?? "") + (keepNodesConf ? "" : " without nodes.conf")
    }
}
