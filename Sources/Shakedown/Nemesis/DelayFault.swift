/// `delay: {from: n1, to: n2, by: 200ms}` — extra latency on a link (proxy: bytes held;
/// netns: netem, where the kernel has it — otherwise the fault is reported as not injected).
struct DelayFault: Fault {
    static let name = "delay"
    let link: LinkPair
    let delay: Duration
    let bothWays: Bool

    init(parameters: Parameters, topology: Topology) throws {
        try parameters.allow(LinkPair.keys + ["by", "both-ways"])
        link = try LinkPair(parameters: parameters, topology: topology, fault: Self.name)
        guard let delay = try parameters.duration("by") else {
            throw parameters.error("by", "delay needs by: a duration", suggestion: "by: 200ms")
        }
        self.delay = delay
        bothWays = try parameters.bool("both-ways") ?? false
        try parameters.finish()
    }

    func apply(_ context: NemesisContext) async throws -> FaultRecord {
        try await context.network.delay(from: link.from, to: link.to, by: delay)
        if bothWays { try await context.network.delay(from: link.to, to: link.from, by: delay) }
        return FaultRecord(nodes: [link.from, link.to], detail: context.network.describe)
    }

    var summary: String { "\(link)\(bothWays ? " both ways" : "") by \(DurationText.format(delay))" }
}
