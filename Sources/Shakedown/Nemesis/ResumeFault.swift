/// `resume: paused` — SIGCONT to paused nodes.
struct ResumeFault: NodeActionFault {
    static let name = "resume"
    static let detail = "SIGCONT"
    static let defaultTarget: NodeSelector.Target? = .paused
    let selector: NodeSelector

    static func act(on node: String, _ context: NemesisContext) async throws {
        try await context.cluster.resume(node)
        context.markRunning([node])
    }
}
