/// A fault that does one thing to each node its selector picks: kill, pause, resume. The
/// suite entry is the selector alone.
protocol NodeActionFault: Fault {
    var selector: NodeSelector { get }
    init(selector: NodeSelector)
    /// Nodes acted on when the entry names none (`resume:` means the paused ones).
    static var defaultTarget: NodeSelector.Target? { get }
    /// What the history says was done.
    static var detail: String { get }
    static func act(on node: String, _ context: NemesisContext) async throws
}

extension NodeActionFault {
    static var defaultTarget: NodeSelector.Target? { nil }

    init(parameters: Parameters, topology: Topology) throws {
        try parameters.allow(NodeSelector.keys)
        self.init(selector: try NodeSelector(parameters: parameters, topology: topology, default: Self.defaultTarget))
        try parameters.finish()
    }

    func apply(_ context: NemesisContext) async throws -> FaultRecord {
        let nodes = try await selector.resolve(context)
        for node in nodes { try await Self.act(on: node, context) }
        return FaultRecord(nodes: nodes, detail: Self.detail)
    }

    var summary: String { selector.description }
}
