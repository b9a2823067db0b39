/// `pause: {role: master, count: 1}` — SIGSTOP: the process stays, silent, as a node in a
/// long GC or swapped out; `resume` sends SIGCONT.
struct PauseFault: NodeActionFault {
    static let name = "pause"
    static let detail = "SIGSTOP"
    let selector: NodeSelector

    static func act(on node: String, _ context: NemesisContext) async throws {
        try await context.cluster.pause(node)
        context.markPaused([node])
    }
}
