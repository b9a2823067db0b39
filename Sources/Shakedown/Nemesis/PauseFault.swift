/// `pause: {role: master, count: 1}` — SIGSTOP: the process stays, silent, as a node in a
/// long GC or swapped out; `resume` sends SIGCONT.
struct PauseFault: Fault {
    static let name = "pause"
    let selector: NodeSelector

    init(parameters: Parameters, topology: Topology) throws {
        try parameters.allow(NodeSelector.keys)
        selector = try NodeSelector(parameters: parameters, topology: topology)
        try parameters.finish()
    }

    func apply(_ context: NemesisContext) async throws -> FaultRecord {
        let nodes = try await selector.resolve(context)
        for node in nodes { try await context.cluster.pause(node) }
        context.markPaused(nodes)
        return FaultRecord(nodes: nodes, detail: "SIGSTOP")
    }

    var summary: String { selector.description }
}
