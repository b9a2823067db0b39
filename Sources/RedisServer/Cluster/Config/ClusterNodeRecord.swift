/// One node as CLUSTER NODES prints it and nodes.conf stores it (`clusterGenNodeDescription`,
/// cluster.c): the single place that format is written (`nodesLine`) and read
/// (`NodesConf.parse`).
///
/// The record holds what the line shows, not Redis's in-memory meaning: `configEpoch` is
/// the printed column (for a replica, its master's epoch; Redis loads a replica's own epoch
/// as 0), `pingSent`/`pongReceived` are the printed milliseconds (Redis, loading, only
/// looks at whether they are non-zero and then uses the current time).
public struct ClusterNodeRecord: Hashable, Sendable {
    public var id: ClusterNodeID
    /// Empty for a node whose address is unknown (printed `:0@0` with port and bus port 0).
    public var ip: String
    /// The client port (CLUSTER NODES in a TLS cluster may show the plaintext port instead).
    public var port: Int
    /// The bus port (`cport`).
    public var busPort: Int
    /// cluster-announce-hostname; empty when none (then no `,hostname` suffix).
    public var hostname: String
    public var flags: ClusterNodeFlags
    /// The master of a replica; nil prints `-`.
    public var masterID: ClusterNodeID?
    /// Unix time in ms of the ping in flight, 0 if none.
    public var pingSent: Int64
    /// Unix time in ms of the last pong.
    public var pongReceived: Int64
    public var configEpoch: UInt64
    /// `connected` (a link is up, or this is myself) or `disconnected`.
    public var linkConnected: Bool
    public var slots: SlotBitmap
    /// Slot -> node it is being migrated to, printed `[slot->-id]`. Redis keeps these
    /// cluster-wide and prints them on the `myself` line only: set them on that record.
    public var migrating: [Int: ClusterNodeID]
    /// Slot -> node it is being imported from, printed `[slot-<-id]` (after a migrating
    /// entry for the same slot, which wins, as in Redis).
    public var importing: [Int: ClusterNodeID]

    public init(
        id: ClusterNodeID, ip: String = "", port: Int = 0, busPort: Int = 0, hostname: String = "",
        flags: ClusterNodeFlags = [], masterID: ClusterNodeID? = nil, pingSent: Int64 = 0, pongReceived: Int64 = 0,
        configEpoch: UInt64 = 0, linkConnected: Bool = false, slots: SlotBitmap = SlotBitmap(),
        migrating: [Int: ClusterNodeID] = [:], importing: [Int: ClusterNodeID] = [:]
    ) {
        self.id = id
        self.ip = ip
        self.port = port
        self.busPort = busPort
        self.hostname = hostname
        self.flags = flags
        self.masterID = masterID
        self.pingSent = pingSent
        self.pongReceived = pongReceived
        self.configEpoch = configEpoch
        self.linkConnected = linkConnected
        self.slots = slots
        self.migrating = migrating
        self.importing = importing
    }

    /// The CLUSTER NODES / nodes.conf line, `\n` included:
    /// `<id> <ip>:<port>@<cport>[,<hostname>] <flags> <master|-> <ping_sent> <pong_recv>
    /// <configEpoch> <connected|disconnected>[ <slot>|<a>-<b>]...[ [<slot>->-<id>]|[<slot>-<-<id>]]...`
    /// with slots as maximal runs in ascending order (redis-cli compares them across nodes).
    public var nodesLine: String {
        var line = ""
        write(to: &line)
        return line
    }

    /// Appends `nodesLine` to `out`.
    public func write(to out: inout String) {
        out += id.description
        out += " \(ip):\(port)@\(busPort)"
        if !hostname.isEmpty { out += ",\(hostname)" }
        out += " \(flags.nodesText) \(masterID?.description ?? "-") \(pingSent) \(pongReceived) \(configEpoch) "
        out += linkConnected ? "connected" : "disconnected"
        for range in slots.ranges {
            out += range.count == 1 ? " \(range.lowerBound)" : " \(range.lowerBound)-\(range.upperBound)"
        }
        if !migrating.isEmpty || !importing.isEmpty {
            for slot in Set(migrating.keys).union(importing.keys).sorted() {
                if let target = migrating[slot] {
                    out += " [\(slot)->-\(target)]"
                } else if let source = importing[slot] {
                    out += " [\(slot)-<-\(source)]"
                }
            }
        }
        out += "\n"
    }
}
