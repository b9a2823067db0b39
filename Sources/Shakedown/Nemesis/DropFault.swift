/// `drop: {from: n1, to: n2, probability: 0.3}` — traffic from one node to another lost at
/// random (netns: iptables `statistic`; proxy: retransmission delays, see ProxyBackend).
/// Probability 1 is a one-way cut; `both-ways: true` applies it in both directions.
struct DropFault: Fault {
    static let name = "drop"
    let link: LinkPair
    let probability: Double
    let bothWays: Bool

    init(parameters: Parameters, topology: Topology) throws {
        try parameters.allow(LinkPair.keys + ["probability", "both-ways"])
        link = try LinkPair(parameters: parameters, topology: topology, fault: Self.name)
        probability = try parameters.double("probability", in: 0...1) ?? 1
        bothWays = try parameters.bool("both-ways") ?? false
        try parameters.finish()
    }

    func apply(_ context: NemesisContext) async throws -> FaultRecord {
        try await context.network.drop(from: link.from, to: link.to, probability: probability)
        if bothWays { try await context.network.drop(from: link.to, to: link.from, probability: probability) }
        return FaultRecord(nodes: [link.from, link.to], detail: context.network.describe)
    }

    var summary: String { "\(link)\(bothWays ? " both ways" : "") at \(probability)" }
}
