/// A directed link between two nodes: traffic from `from` to `to`. Faults are per directed
/// link because some shapes are asymmetric (Jepsen's majority ring: a drops b's packets while
/// b still hears a).
public struct Link: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var from: String
    public var to: String

    public init(from: String, to: String) {
        self.from = from
        self.to = to
    }

    public var reversed: Link { Link(from: to, to: from) }

    public static func < (a: Link, b: Link) -> Bool {
        (NodeOrder.key(a.from), NodeOrder.key(a.to)) < (NodeOrder.key(b.from), NodeOrder.key(b.to))
    }

    public var description: String { "\(from)->\(to)" }

    /// Both directions between every node of `a` and every node of `b`.
    public static func between(_ a: [String], _ b: [String]) -> Set<Link> {
        var links: Set<Link> = []
        for x in a {
            for y in b where x != y {
                links.insert(Link(from: x, to: y))
                links.insert(Link(from: y, to: x))
            }
        }
        return links
    }
}

/// Node names sort as people read them: n2 before n10.
enum NodeOrder {
    static func key(_ name: String) -> NodeOrderKey {
        let digits = name.reversed().prefix { $0.isNumber }
        let stem = String(name.dropLast(digits.count))
        return NodeOrderKey(stem: stem, number: Int(String(digits.reversed())) ?? -1, name: name)
    }

    static func sorted(_ names: some Sequence<String>) -> [String] {
        names.sorted { key($0) < key($1) }
    }
}

struct NodeOrderKey: Comparable {
    var stem: String
    var number: Int
    var name: String

    static func < (a: NodeOrderKey, b: NodeOrderKey) -> Bool {
        (a.stem, a.number, a.name) < (b.stem, b.number, b.name)
    }
}
