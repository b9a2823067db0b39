/// Jepsen's partition shapes (jepsen.nemesis): which links to cut among `nodes`, chosen with
/// the run's seeded generator so that a run can be repeated.
public enum PartitionShape: String, CaseIterable, Sendable {
    /// Two halves, the first the smaller when the count is odd (Jepsen's `bisect` of a
    /// shuffle).
    case halves
    /// One node alone against the rest (`split-one`).
    case isolateOne = "isolate-one"
    /// Each node hears from a majority (itself included) that no other node shares: the
    /// nodes on a shuffled ring, each hearing the window of a majority centred on itself
    /// (`majorities-ring`). Not expressible as groups; some cuts are one-way.
    case majorityRing = "majority-ring"
    /// Two halves joined through one node that talks to both (`bridge`).
    case bridge

    /// The fewest nodes the shape means anything for.
    public var minimumNodes: Int {
        switch self {
        case .halves, .isolateOne: 2
        case .majorityRing, .bridge: 3
        }
    }

    public func partition(_ nodes: [String], using random: inout some RandomNumberGenerator) throws -> Partition {
        guard Set(nodes).count == nodes.count else { throw NetworkError.invalid("node names repeat in \(nodes)") }
        guard nodes.count >= minimumNodes else {
            throw NetworkError.invalid("\(rawValue) needs at least \(minimumNodes) nodes, not \(nodes.count)")
        }
        let shuffled = nodes.shuffled(using: &random)
        switch self {
        case .halves:
            let cut = shuffled.count / 2
            return try .groups([Array(shuffled[..<cut]), Array(shuffled[cut...])], shape: rawValue)
        case .isolateOne:
            return try .groups([[shuffled[0]], Array(shuffled.dropFirst())], shape: rawValue)
        case .majorityRing:
            return Self.majorityRing(shuffled)
        case .bridge:
            return Self.bridge(shuffled)
        }
    }

    /// Jepsen's ring: windows of `majority` consecutive nodes; the middle node of each window
    /// (index floor(m/2)) drops traffic from every node outside it.
    private static func majorityRing(_ ring: [String]) -> Partition {
        let n = ring.count
        let majority = n / 2 + 1
        var cuts: Set<Link> = []
        var views: [String: [String]] = [:]
        for start in 0..<n {
            let window = (0..<majority).map { ring[(start + $0) % n] }
            let me = window[majority / 2]
            views[me] = window
            for other in ring where !window.contains(other) { cuts.insert(Link(from: other, to: me)) }
        }
        let text = NodeOrder.sorted(ring).map { node in
            "\(node) hears [" + NodeOrder.sorted(views[node]!).joined(separator: " ") + "]"
        }
        return Partition(shape: "majority-ring", cuts: cuts, description: "majority-ring " + text.joined(separator: ", "))
    }

    /// Halves as for `halves`; the first node of the second half keeps every link.
    private static func bridge(_ shuffled: [String]) -> Partition {
        let half = shuffled.count / 2
        let left = Array(shuffled[..<half])
        let bridge = shuffled[half]
        let right = Array(shuffled[(half + 1)...])
        let text =
            "[" + NodeOrder.sorted(left).joined(separator: " ") + "] | " + bridge + " | ["
            + NodeOrder.sorted(right).joined(separator: " ") + "]"
        return Partition(shape: "bridge", cuts: Link.between(left, right), description: "bridge " + text)
    }
}
