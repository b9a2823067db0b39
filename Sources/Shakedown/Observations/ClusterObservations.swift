/// What the runner saw of a Redis Cluster: the nodes it started, and snapshots of every node's
/// own view (CLUSTER NODES, CLUSTER INFO, INFO replication) taken while the scenario ran and
/// once more after it ended (the last snapshot is the final state).
public struct ClusterObservations: Codable, Sendable {
    /// The nodes as started, in the order of the topology.
    public var nodes: [StartedNode]
    public var snapshots: [ClusterSnapshot]

    public init(nodes: [StartedNode] = [], snapshots: [ClusterSnapshot] = []) {
        self.nodes = nodes
        self.snapshots = snapshots
    }

    public var final: ClusterSnapshot? { snapshots.last }
}

/// A node as the runner started it, before any fault.
public struct StartedNode: Codable, Sendable, Hashable {
    /// Harness name (`n1`...), used in the history's fault events.
    public var name: String
    /// Cluster node id, from CLUSTER MYID once the cluster was formed.
    public var id: String
    /// `host:port` clients use.
    public var address: String
    public var role: NodeRole
    /// For a replica, the harness name of its master.
    public var master: String?

    public init(name: String, id: String, address: String, role: NodeRole, master: String? = nil) {
        self.name = name
        self.id = id
        self.address = address
        self.role = role
        self.master = master
    }
}

public enum NodeRole: String, Codable, Sendable {
    case master, replica
}

/// Every node's view at one moment.
public struct ClusterSnapshot: Codable, Sendable {
    /// Monotonic nanoseconds since the scenario began, on the history's clock.
    public var time: Int64
    public var views: [NodeView]

    public init(time: Int64, views: [NodeView]) {
        self.time = time
        self.views = views
    }

    public func view(of name: String) -> NodeView? { views.first { $0.node == name } }
}

/// One node's answer to the runner's poll; `reachable == false` when it did not answer.
public struct NodeView: Codable, Sendable {
    public var node: String
    public var reachable: Bool
    /// CLUSTER MYID: changes when a node restarts without its nodes.conf.
    public var id: String?
    /// `cluster_state` from CLUSTER INFO.
    public var state: String?
    public var currentEpoch: Int?
    public var knownNodes: Int?
    /// `master_link_status` for a replica.
    public var masterLinkUp: Bool?
    /// CLUSTER NODES as this node sees it.
    public var entries: [ClusterNodesEntry]

    public init(
        node: String, reachable: Bool, id: String? = nil, state: String? = nil, currentEpoch: Int? = nil,
        knownNodes: Int? = nil, masterLinkUp: Bool? = nil, entries: [ClusterNodesEntry] = []
    ) {
        self.node = node
        self.reachable = reachable
        self.id = id
        self.state = state
        self.currentEpoch = currentEpoch
        self.knownNodes = knownNodes
        self.masterLinkUp = masterLinkUp
        self.entries = entries
    }

    /// This node's own line.
    public var myself: ClusterNodesEntry? { entries.first { $0.flags.contains("myself") } }
}

/// One line of CLUSTER NODES.
public struct ClusterNodesEntry: Codable, Sendable, Hashable {
    public var id: String
    /// `ip:port@cport[,hostname]` as printed.
    public var address: String
    public var flags: [String]
    /// Master's id for a replica, nil for a master.
    public var master: String?
    public var configEpoch: Int
    public var linkState: String
    /// Slot ranges this entry serves (importing/migrating markers are not included).
    public var slots: [ClosedRange<Int>]

    public init(
        id: String, address: String, flags: [String], master: String?, configEpoch: Int, linkState: String,
        slots: [ClosedRange<Int>]
    ) {
        self.id = id
        self.address = address
        self.flags = flags
        self.master = master
        self.configEpoch = configEpoch
        self.linkState = linkState
        self.slots = slots
    }

    public var isMaster: Bool { flags.contains("master") }
    public var isFailed: Bool { flags.contains("fail") || flags.contains("fail?") }

    /// Parses one CLUSTER NODES line; nil when it is not one.
    public init?(line: Substring) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard fields.count >= 8, let epoch = Int(fields[6]) else { return nil }
        id = String(fields[0])
        address = String(fields[1])
        flags = fields[2].split(separator: ",").map(String.init)
        master = fields[3] == "-" ? nil : String(fields[3])
        configEpoch = epoch
        linkState = String(fields[7])
        slots = fields.dropFirst(8).compactMap { field in
            if field.hasPrefix("[") { return nil }
            let bounds = field.split(separator: "-")
            guard let low = bounds.first.flatMap({ Int($0) }) else { return nil }
            let high = bounds.count > 1 ? Int(bounds[1]) ?? low : low
            return high >= low ? low...high : nil
        }
    }

    /// Parses the whole CLUSTER NODES reply.
    public static func parse(_ text: String) -> [ClusterNodesEntry] {
        text.split(whereSeparator: \.isNewline).compactMap { ClusterNodesEntry(line: $0) }
    }
}
