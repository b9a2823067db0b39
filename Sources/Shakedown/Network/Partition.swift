/// A network partition as a set of cut directed links, with how it reads in the history.
/// Group-shaped partitions (`[[n1 n4] [n2 n3]]`) are a special case; Jepsen's majority ring
/// is not one, since every node sees a different majority.
public struct Partition: Sendable, Hashable, CustomStringConvertible {
    /// The shape's name: "halves", "isolate-one", "majority-ring", "bridge", or "partition"
    /// for groups given by hand.
    public var shape: String
    public var cuts: Set<Link>
    /// How the history shows it, e.g. "halves [n1 n4] | [n2 n3 n5 n6]".
    public var description: String

    public init(shape: String, cuts: Set<Link>, description: String) {
        self.shape = shape
        self.cuts = cuts
        self.description = description
    }

    /// Nodes in different groups cannot talk, either way; nodes within a group, and nodes in
    /// no group, are unaffected. A node named in two groups is an error.
    public static func groups(_ groups: [[String]], shape: String = "partition") throws -> Partition {
        var seen: Set<String> = []
        for node in groups.joined() {
            guard seen.insert(node).inserted else {
                throw NetworkError.invalid("\(node) is in more than one group of \(groups)")
            }
        }
        var cuts: Set<Link> = []
        for (i, a) in groups.enumerated() {
            for b in groups[(i + 1)...] { cuts.formUnion(Link.between(a, b)) }
        }
        let text = groups.map { "[" + NodeOrder.sorted($0).joined(separator: " ") + "]" }.joined(separator: " | ")
        return Partition(shape: shape, cuts: cuts, description: "\(shape) \(text)")
    }
}
