/// `drop: {from: n1, to: n2, probability: 0.3}` — traffic from one node to another lost at
/// random (netns: iptables `statistic`; proxy: see ProxyBackend). Probability 1 is a one-way
/// cut; `both-ways: true` applies it in both directions.
struct DropFault: Fault {
    static let name = "drop"
    let from: String
    let to: String
    let probability: Double
    let bothWays: Bool

    init(parameters: Parameters, topology: Topology) throws {
        try parameters.allow(["from", "to", "probability", "both-ways"])
        func node(_ key: String) throws -> String {
            guard let name = try parameters.string(key) else {
                throw parameters.error(key, "drop needs \(key): a node name", suggestion: "\(key): n1")
            }
            guard topology.nodeNames.contains(name) else {
                throw parameters.error(key, "no node '\(name)'", suggestion: "nodes are n1...n\(topology.nodeCount)")
            }
            return name
        }
        from = try node("from")
        to = try node("to")
        if from == to { throw parameters.error("to", "a node's link to itself cannot drop packets") }
        probability = try parameters.double("probability", in: 0...1) ?? 1
        bothWays = try parameters.bool("both-ways") ?? false
        try parameters.finish()
    }

    func apply(_ context: NemesisContext) async throws -> FaultRecord {
        try await context.network.drop(from: from, to: to, probability: probability)
        if bothWays { try await context.network.drop(from: to, to: from, probability: probability) }
        return FaultRecord(nodes: [from, to], detail: context.network.describe)
    }

    var summary: String { "\(from) \(bothWays ? "<->" : "->") \(to) at \(probability)" }
}
