/// Link faults between the nodes of a system under test. A backend builds the network the
/// nodes live on (`setUp`), tells each node where and how to run, lets the runner's clients
/// reach every node, and applies faults to the links between nodes, never to the runner's
/// clients.
///
/// Contract:
/// - `setUp` once, before any node starts; `tearDown` once, after every node has stopped
///   (a namespace holding a live process outlives its name). `tearDown` leaves nothing
///   behind: no listener, namespace, interface, address or rule.
/// - Faults are one `LinkFaults` value; `apply` replaces the faults in force with it, on new
///   connections and on those already open, and returns once both see it. The verbs below
///   are changes to that value.
/// - A cut link carries nothing, in the direction cut, but connections stay open: a node
///   sees a dead peer, as in a real partition, not a closed connection.
public protocol NetworkBackend: AnyObject, Sendable {
    /// "proxy" or "netns".
    var name: String { get }

    /// Builds the network for `nodes`; where each one must listen, what it announces and how
    /// to launch it, in the order asked.
    func setUp(nodes: [NodeNetworkRequest]) async throws -> [NodePlacement]

    /// The nodes placed by `setUp`, in order; empty before.
    var nodes: [String] { get }

    /// How the runner's own clients open connections to announced addresses.
    var connector: any NetworkConnector { get }

    /// Prepended to a tool's command line (redis-cli...) so that it reaches the nodes as the
    /// runner's clients do; empty when nothing is needed.
    var clientCommandPrefix: [String] { get }

    /// The faults in force.
    var faults: LinkFaults { get }

    /// Replaces the faults in force. Throws, changing nothing, for a node it did not place or
    /// a fault it cannot make (netns without netem cannot delay).
    func apply(_ faults: LinkFaults) async throws

    /// Resets (TCP RST) the connections open now between `from` and `to`, both ends. New
    /// connections are not affected.
    func reset(from: String, to: String) async throws

    func tearDown() async throws
}

extension NetworkBackend {
    /// Cuts `partition`'s links on top of the faults in force (Jepsen's nemeses add grudges
    /// the same way; `heal` first for a fresh one).
    public func partition(_ partition: Partition) async throws {
        try await apply(faults.cutting(partition.cuts))
    }

    /// Nodes in different groups cannot talk, both ways; clients are unaffected.
    public func partition(_ groups: [[String]]) async throws {
        try await partition(try Partition.groups(groups))
    }

    /// Cuts `node` off from every other node, both ways.
    public func isolate(_ node: String) async throws {
        guard nodes.contains(node) else { throw NetworkError.unknownNode(node) }
        try await partition(try Partition.groups([[node], nodes.filter { $0 != node }], shape: "isolate"))
    }

    /// Loses traffic from `from` to `to` with `probability` (1: nothing gets through; 0:
    /// stop losing). What "losing" means depends on the backend; see each one.
    public func drop(from: String, to: String, probability: Double) async throws {
        try await apply(faults.losing(probability, on: Link(from: from, to: to)))
    }

    /// Adds `delay` to traffic from `from` to `to` (zero: no more delay).
    public func delay(from: String, to: String, by delay: Duration) async throws {
        try await apply(faults.delaying(Link(from: from, to: to), by: delay))
    }

    /// Removes every fault.
    public func heal() async throws {
        try await apply(LinkFaults())
    }

    /// The faults in force, for the history: "cut n1<->n2 n1<->n3; delay n2->n3 50ms".
    public var describe: String { faults.description }
}
