/// `resume: paused` — SIGCONT to paused nodes.
struct ResumeFault: Fault {
    static let name = "resume"
    let selector: NodeSelector

    init(parameters: Parameters, topology: Topology) throws {
        try parameters.allow(NodeSelector.keys)
        selector = try NodeSelector(parameters: parameters, topology: topology, default: .paused)
        try parameters.finish()
    }

    func apply(_ context: NemesisContext) async throws -> FaultRecord {
        let nodes = try await selector.resolve(context)
        for node in nodes { try await context.cluster.resume(node) }
        context.markRunning(nodes)
        return FaultRecord(nodes: nodes, detail: "SIGCONT")
    }

    var summary: String { selector.description }
}
