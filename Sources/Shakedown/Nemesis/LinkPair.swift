/// The `from` and `to` nodes of a link fault (`drop`, `delay`, `reset`), checked against the
/// topology when the suite loads.
struct LinkPair: Sendable, CustomStringConvertible {
    let from: String
    let to: String

    static let keys = ["from", "to"]

    init(parameters: Parameters, topology: Topology, fault: String) throws {
        func node(_ key: String) throws -> String {
            guard let name = try parameters.string(key) else {
                throw parameters.error(key, "\(fault) needs \(key): a node name", suggestion: "\(key): n1")
            }
            guard topology.nodeNames.contains(name) else {
                throw parameters.error(key, "no node '\(name)'", suggestion: "nodes are n1...n\(topology.nodeCount)")
            }
            return name
        }
        from = try node("from")
        to = try node("to")
        if from == to { throw parameters.error("to", "a node's link to itself cannot be faulted") }
    }

    var description: String { "\(from) -> \(to)" }
}
