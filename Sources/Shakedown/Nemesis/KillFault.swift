/// `kill: {role: master, count: 1}` — SIGKILL the chosen nodes' process groups.
struct KillFault: Fault {
    static let name = "kill"
    let selector: NodeSelector

    init(parameters: Parameters, topology: Topology) throws {
        try parameters.allow(NodeSelector.keys)
        selector = try NodeSelector(parameters: parameters, topology: topology)
        try parameters.finish()
    }

    func apply(_ context: NemesisContext) async throws -> FaultRecord {
        let nodes = try await selector.resolve(context)
        for node in nodes { try await context.cluster.kill(node) }
        context.markKilled(nodes)
        return FaultRecord(nodes: nodes, detail: "SIGKILL")
    }

    var summary: String { selector.description }
}
