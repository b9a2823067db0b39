/// Which nodes a fault acts on, chosen when the fault fires (roles change with failovers):
/// `node: n3`, `node: killed` / `node: paused` (the nodes an earlier fault killed or paused),
/// or `role: master|replica|any` with `count`, optionally `slots-of: KEY` (the master serving
/// that key's slot). Ties are broken by the scenario's seeded random generator.
public struct NodeSelector: Sendable, CustomStringConvertible {
    public enum Target: Sendable, Equatable {
        case named(String)
        case killed
        case paused
        case role(RoleFilter, count: Int)
        case slotsOf(String)
    }

    public enum RoleFilter: String, Sendable, CaseIterable {
        case master, replica, any
    }

    public var target: Target

    static let keys = ["node", "role", "count", "slots-of"]

    /// Reads the selector keys of a fault's parameters.
    init(parameters: Parameters, topology: Topology, default fallback: Target? = nil) throws {
        let node = try parameters.string("node")
        let role = try parameters.choice("role", among: RoleFilter.allCases.map(\.rawValue))
        let count = try parameters.int("count", in: 1...topology.nodeCount)
        let key = try parameters.string("slots-of")
        let given = [node != nil, role != nil || count != nil, key != nil].filter { $0 }.count
        if given > 1 {
            throw parameters.error("choose the nodes one way", suggestion: "use node:, role: with count:, or slots-of:")
        }
        if let node {
            switch node {
            case "killed": target = .killed
            case "paused": target = .paused
            default:
                guard topology.nodeNames.contains(node) else {
                    throw parameters.error(
                        "node", "no node '\(node)' in a topology of \(topology.nodeCount) nodes",
                        suggestion: "nodes are n1...n\(topology.nodeCount) (masters first), killed or paused")
                }
                target = .named(node)
            }
        } else if let key {
            target = .slotsOf(key)
        } else if role != nil || count != nil {
            let filter = RoleFilter(rawValue: role ?? "any")!
            let count = count ?? 1
            let available = switch filter {
            case .master: topology.masters
            case .replica: topology.nodeCount - topology.masters
            case .any: topology.nodeCount
            }
            if count > available {
                throw parameters.error(
                    "count", "\(count) \(filter == .any ? "node" : filter.rawValue)s asked for, the topology has \(available)",
                    suggestion: "lower count or change the topology")
            }
            target = .role(filter, count: count)
        } else if let fallback {
            target = fallback
        } else {
            throw parameters.error(
                "which nodes?", suggestion: "add node: n1, role: master with count: 1, or slots-of: KEY")
        }
    }

    public var description: String {
        switch target {
        case .named(let name): name
        case .killed: "the killed nodes"
        case .paused: "the paused nodes"
        case .role(let filter, let count): "\(count) \(filter == .any ? "node" : filter.rawValue)\(count == 1 ? "" : "s")"
        case .slotsOf(let key): "the master of \(key)'s slot"
        }
    }

    /// The nodes this selector picks now.
    func resolve(_ context: NemesisContext) async throws -> [String] {
        switch target {
        case .named(let name): return [name]
        case .killed: return context.killed
        case .paused: return context.paused
        case .slotsOf(let key):
            guard let master = await context.cluster.master(ofKey: key) else {
                throw NemesisError("no reachable master serves the slot of '\(key)'")
            }
            return [master]
        case .role(let filter, let count):
            let roles = await context.cluster.currentRoles()
            let unavailable = Set(context.killed + context.paused)
            var candidates = roles.filter { !unavailable.contains($0.key) }.filter { entry in
                switch filter {
                case .master: entry.value == .master
                case .replica: entry.value == .replica
                case .any: true
                }
            }.map(\.key).sorted()
            guard candidates.count >= count else {
                throw NemesisError("\(count) \(filter.rawValue) node(s) wanted, \(candidates.count) available")
            }
            candidates.shuffle(using: &context.random)
            return Array(candidates.prefix(count)).sorted()
        }
    }
}

public struct NemesisError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
