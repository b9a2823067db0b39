/// The `type` field of a bus message (`CLUSTERMSG_TYPE_*`, cluster.h). Values Redis 7.0
/// does not know are kept as they are (`ClusterMessage.Body.unknown`).
public struct ClusterMessageType: RawRepresentable, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let ping = ClusterMessageType(rawValue: 0)
    public static let pong = ClusterMessageType(rawValue: 1)
    public static let meet = ClusterMessageType(rawValue: 2)
    public static let fail = ClusterMessageType(rawValue: 3)
    public static let publish = ClusterMessageType(rawValue: 4)
    public static let failoverAuthRequest = ClusterMessageType(rawValue: 5)
    public static let failoverAuthAck = ClusterMessageType(rawValue: 6)
    public static let update = ClusterMessageType(rawValue: 7)
    public static let mfStart = ClusterMessageType(rawValue: 8)
    public static let module = ClusterMessageType(rawValue: 9)
    public static let publishShard = ClusterMessageType(rawValue: 10)
    /// `CLUSTERMSG_TYPE_COUNT`: the per-type counters of CLUSTER INFO cover 0..<11.
    public static let knownCount = 11

    /// The name CLUSTER INFO uses in `cluster_stats_messages_<name>_sent`
    /// (`clusterGetMessageTypeString`), or "unknown".
    public var statsName: String {
        switch rawValue {
        case 0: "ping"
        case 1: "pong"
        case 2: "meet"
        case 3: "fail"
        case 4: "publish"
        case 5: "auth-req"
        case 6: "auth-ack"
        case 7: "update"
        case 8: "mfstart"
        case 9: "module"
        case 10: "publishshard"
        default: "unknown"
        }
    }
}

extension ClusterMessageType: CustomStringConvertible {
    public var description: String { rawValue < Self.knownCount ? statsName : "type \(rawValue)" }
}
