/// `heal: {}` — every link fault removed.
struct HealFault: Fault {
    static let name = "heal"

    init(parameters: Parameters, topology: Topology) throws {
        try parameters.finish()
    }

    func apply(_ context: NemesisContext) async throws -> FaultRecord {
        let before = context.network.faults
        try await context.network.heal()
        return FaultRecord(nodes: context.cluster.names.filter(before.nodes.contains), detail: "healed: \(before)")
    }

    var summary: String { "all links" }
}
