/// The names and addresses of one netns network. Everything carries a prefix unique to the
/// run, `sd<pid>-<k>`, so that runs (and several networks in one process) never collide and
/// a later run can find what a dead runner left behind.
///
/// A hub namespace holds the bridge; the runner's clients and each node have a namespace of
/// their own, joined to the bridge by a veth, with one address on 10.77.0.0/24 (clients .1,
/// nodes from .2). Interfaces and addresses exist only inside these namespaces.
struct NetnsLayout: Sendable {
    static let namePrefix = "sd"
    static let subnet = "10.77.0"
    static let prefixLength = 24
    static let bridge = "br0"
    /// The node side of each veth, inside the node's namespace.
    static let device = "eth0"

    let prefix: String
    let nodes: [String]

    init(pid: Int32, instance: Int, nodes: [String]) {
        prefix = "\(Self.namePrefix)\(pid)-\(instance)"
        self.nodes = nodes
    }

    var hub: String { "\(prefix)-hub" }
    var client: String { "\(prefix)-client" }
    var clientAddress: String { "\(Self.subnet).1" }

    func namespace(of node: String) -> String { "\(prefix)-\(node)" }

    /// The node's address, or nil for a name not placed.
    func address(of node: String) -> String? {
        nodes.firstIndex(of: node).map { "\(Self.subnet).\($0 + 2)" }
    }

    /// The hub side of a veth: v0 for the clients, v1... for the nodes (15 characters at most).
    func hubDevice(endpoint index: Int) -> String { "v\(index)" }

    /// Every namespace of the layout: the hub first, so that deleting in reverse leaves it last.
    var namespaces: [String] { [hub, client] + nodes.map(namespace(of:)) }

    static let maximumNodes = 253

    /// The runner pid a namespace name belongs to, if it is one of ours: `sd<pid>-...`.
    static func ownerPid(ofNamespace name: String) -> Int32? {
        guard name.hasPrefix(namePrefix) else { return nil }
        let rest = name.dropFirst(namePrefix.count)
        let digits = rest.prefix { $0.isNumber }
        guard !digits.isEmpty, rest.dropFirst(digits.count).first == "-" else { return nil }
        return Int32(digits)
    }

    /// Namespace names in `ip netns list` output ("name" or "name (id: 3)" per line).
    static func namespaces(inListing text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            line.split(separator: " ").first.map(String.init)
        }
    }
}
