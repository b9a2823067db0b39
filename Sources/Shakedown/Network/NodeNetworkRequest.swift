/// What a system asks of the network for one node: its name and the ports it listens on,
/// by role. For a Redis node: `["client": 6379, "bus": 16379]`.
public struct NodeNetworkRequest: Sendable, Hashable {
    /// "n1", "n2"...: the name faults use.
    public var node: String
    /// Role -> the port the node would use by default. Backends that give each node an
    /// address of its own (netns) keep it; the proxy backend picks free ports instead.
    public var ports: [String: Int]

    public init(node: String, ports: [String: Int]) {
        self.node = node
        self.ports = ports
    }
}
