/// `partition: {shape: halves}` — Jepsen's shapes (halves, isolate-one, majority-ring,
/// bridge) over all nodes, chosen with the scenario's seed; or `partition: {shape: isolate,
/// role: master, count: 1, with-replicas: true}` — the chosen nodes (and, if asked, their
/// replicas) on the minority side. Nodes within a side keep talking; the runner's clients
/// reach every side.
struct PartitionFault: Fault {
    static let name = "partition"

    enum Shape: Sendable {
        case jepsen(PartitionShape)
        case isolate(NodeSelector, withReplicas: Bool)
    }

    let shape: Shape

    init(parameters: Parameters, topology: Topology) throws {
        try parameters.allow(NodeSelector.keys + ["shape", "with-replicas"])
        let shapes = PartitionShape.allCases.map(\.rawValue) + ["isolate"]
        let name = try parameters.choice("shape", among: shapes) ?? "halves"
        if name == "isolate" {
            let selector = try NodeSelector(parameters: parameters, topology: topology)
            shape = .isolate(selector, withReplicas: try parameters.bool("with-replicas") ?? false)
        } else {
            let jepsen = PartitionShape(rawValue: name)!
            if topology.nodeCount < jepsen.minimumNodes {
                throw parameters.error("shape", "\(name) needs at least \(jepsen.minimumNodes) nodes")
            }
            shape = .jepsen(jepsen)
        }
        try parameters.finish()
    }

    func apply(_ context: NemesisContext) async throws -> FaultRecord {
        let nodes = context.cluster.names
        let partition: Partition
        switch shape {
        case .jepsen(let shape):
            partition = try shape.partition(nodes, using: &context.random)
        case .isolate(let selector, let withReplicas):
            var minority = try await selector.resolve(context)
            if withReplicas {
                for master in minority { minority += await context.cluster.replicas(of: master) }
            }
            partition = try Partition.groups([minority, nodes.filter { !minority.contains($0) }], shape: "isolate")
        }
        try await context.network.partition(partition)
        let touched = Set(partition.cuts.flatMap { [$0.from, $0.to] })
        return FaultRecord(nodes: nodes.filter(touched.contains), detail: partition.description)
    }

    var summary: String {
        switch shape {
        case .jepsen(let shape): shape.rawValue
        case .isolate(let selector, let withReplicas): "isolate \(selector)\(withReplicas ? " with their replicas" : "")"
        }
    }
}
