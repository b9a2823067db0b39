/// `kill: {role: master, count: 1}` — SIGKILL the chosen nodes' process groups.
struct KillFault: NodeActionFault {
    static let name = "kill"
    static let detail = "SIGKILL"
    let selector: NodeSelector

    static func act(on node: String, _ context: NemesisContext) async throws {
        try await context.cluster.kill(node)
        context.markKilled([node])
    }
}
