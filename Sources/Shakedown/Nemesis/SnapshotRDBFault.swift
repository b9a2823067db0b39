/// `snapshot-rdb: {node: n1, name: early}` — SAVE on the node and keep a copy of its RDB
/// under the scenario's folder, for a later `restart: {rdb: early}`. Not a fault by itself;
/// it is in the schedule because the moment it is taken is what makes the RDB stale.
struct SnapshotRDBFault: Fault {
    static let name = "snapshot-rdb"
    let selector: NodeSelector
    let snapshotName: String

    init(parameters: Parameters, topology: Topology) throws {
        try parameters.allow(NodeSelector.keys + ["name"])
        selector = try NodeSelector(parameters: parameters, topology: topology)
        guard let name = try parameters.string("name") else {
            throw parameters.error("name", "a snapshot needs a name", suggestion: "name: early")
        }
        snapshotName = name
        try parameters.finish()
    }

    func apply(_ context: NemesisContext) async throws -> FaultRecord {
        let nodes = try await selector.resolve(context)
        guard nodes.count == 1, let node = nodes.first else {
            throw NemesisError("snapshot-rdb needs exactly one node, the selector chose \(nodes.count)")
        }
        context.snapshots[snapshotName] = try await context.cluster.snapshotRDB(node, name: snapshotName)
        return FaultRecord(nodes: nodes, detail: "snapshot \(snapshotName)")
    }

    var summary: String { "\(selector.description) as \(snapshotName)" }
}
