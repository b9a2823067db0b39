/// The cluster config file, nodes.conf: one `ClusterNodeRecord.nodesLine` per node, then
/// `vars currentEpoch <n> lastVoteEpoch <m>` (`clusterSaveConfig`, cluster.c).
public struct NodesConf: Hashable, Sendable {
    /// In file order. Parsing lists after them the nodes only named by another line (a
    /// replica's master, a migrating/importing peer), as Redis creates them: no address, no
    /// flags, disconnected, printed `<id> :0@0 noflags - 0 0 0 disconnected`.
    public var nodes: [ClusterNodeRecord]
    public var currentEpoch: UInt64
    public var lastVoteEpoch: UInt64

    public init(nodes: [ClusterNodeRecord], currentEpoch: UInt64 = 0, lastVoteEpoch: UInt64 = 0) {
        self.nodes = nodes
        self.currentEpoch = currentEpoch
        self.lastVoteEpoch = lastVoteEpoch
    }

    /// The node flagged `myself` (parsing guarantees there is exactly one).
    public var myself: ClusterNodeRecord? { nodes.first { $0.flags.contains(.myself) } }

    /// The file's content: every node but those in handshake (Redis does not save them),
    /// then the vars line. Every line ends in `\n`.
    public var rendered: String {
        var out = ""
        for node in nodes where !node.flags.contains(.handshake) { node.write(to: &out) }
        out += "vars currentEpoch \(currentEpoch) lastVoteEpoch \(lastVoteEpoch)\n"
        return out
    }
}

/// Why nodes.conf could not be loaded. Redis logs "Unrecoverable error: corrupted cluster
/// config file." and exits; the description adds the line and the reason.
public struct NodesConfError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based; nil for a problem with the file as a whole (no `myself` node).
    public var line: Int?
    public var reason: String

    public init(line: Int?, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String {
        "Unrecoverable error: corrupted cluster config file. " + (line.map { "Line \($0): " } ?? "") + reason
    }
}
