/// A cluster node's flags (`CLUSTER_NODE_*`, cluster.h), as sent in the bus header and in
/// gossip entries (16 bits) and printed by CLUSTER NODES and nodes.conf.
public struct ClusterNodeFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let master = ClusterNodeFlags(rawValue: 1)
    public static let slave = ClusterNodeFlags(rawValue: 2)
    /// Timed out from this node's point of view; printed `fail?`.
    public static let pfail = ClusterNodeFlags(rawValue: 4)
    public static let fail = ClusterNodeFlags(rawValue: 8)
    public static let myself = ClusterNodeFlags(rawValue: 16)
    /// Met but not yet answered the first ping (still has a random name).
    public static let handshake = ClusterNodeFlags(rawValue: 32)
    public static let noaddr = ClusterNodeFlags(rawValue: 64)
    /// Send MEET rather than PING on the next connect. Not printed.
    public static let meet = ClusterNodeFlags(rawValue: 128)
    /// Master eligible for replica migration. Not printed.
    public static let migrateTo = ClusterNodeFlags(rawValue: 256)
    /// Replica that will not try to fail over (`cluster-replica-no-failover`).
    public static let nofailover = ClusterNodeFlags(rawValue: 512)

    /// The printed flags, in Redis's order (`redisNodeFlagsTable`, cluster.c).
    static let printed: [(ClusterNodeFlags, String)] = [
        (.myself, "myself"), (.master, "master"), (.slave, "slave"), (.pfail, "fail?"), (.fail, "fail"),
        (.handshake, "handshake"), (.noaddr, "noaddr"), (.nofailover, "nofailover"),
    ]

    /// The CLUSTER NODES / nodes.conf form: `myself,master`, `slave,fail?`, or `noflags` when
    /// no printed flag is set (MEET and MIGRATE_TO are never printed).
    public var nodesText: String {
        let names = Self.printed.filter { contains($0.0) }.map(\.1)
        return names.isEmpty ? "noflags" : names.joined(separator: ",")
    }

    /// Parses the nodes.conf form as `clusterLoadConfig` does: comma-separated names,
    /// case-insensitive, `noflags` adds nothing. Any other name, an empty one included (a
    /// trailing comma), is an error (Redis panics: "Unknown flag in redis cluster config file").
    public init(nodesText text: some StringProtocol) throws(ClusterNodeFlagsError) {
        self = []
        for name in text.split(separator: ",", omittingEmptySubsequences: false) {
            let lower = name.lowercased()
            if lower == "noflags" { continue }
            guard let flag = Self.printed.first(where: { $0.1 == lower }) else {
                throw ClusterNodeFlagsError(name: String(name))
            }
            insert(flag.0)
        }
    }
}

/// An unknown name in a nodes.conf flags field.
public struct ClusterNodeFlagsError: Error, Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var description: String { "unknown node flag '\(name)'" }
}

extension ClusterNodeFlags: CustomStringConvertible {
    public var description: String { nodesText }
}
