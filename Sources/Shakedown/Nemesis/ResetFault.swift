/// `reset: {from: n1, to: n2}` — TCP RST to both ends of the connections open now between two
/// nodes (a middlebox dropping state); new connections are not affected.
struct ResetFault: Fault {
    static let name = "reset"
    let link: LinkPair

    init(parameters: Parameters, topology: Topology) throws {
        try parameters.allow(LinkPair.keys)
        link = try LinkPair(parameters: parameters, topology: topology, fault: Self.name)
        try parameters.finish()
    }

    func apply(_ context: NemesisContext) async throws -> FaultRecord {
        try await context.network.reset(from: link.from, to: link.to)
        return FaultRecord(nodes: [link.from, link.to], detail: "RST \(link)")
    }

    var summary: String { link.description }
}
