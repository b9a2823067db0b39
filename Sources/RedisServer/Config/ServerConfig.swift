import RESP

/// The node's configuration, as `redis.conf`, the command line and CONFIG SET shape it.
/// The typed properties are what the node reads; `ConfigDirectives` maps directive names
/// onto them.
public final class ServerConfig: @unchecked Sendable {
    public enum LogLevel: Int, Comparable, Sendable {
        case debug = 0, verbose, notice, warning, nothing
        public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }
    }

    public enum FsyncPolicy: String, Sendable { case always, everysec, no }

    public enum DebugCommandAccess: String, Sendable { case no, yes, local }

    public struct SavePoint: Equatable, Sendable {
        public var seconds: Int
        public var changes: Int
    }

    // Network
    public var port = 6379
    public var bind = ["*", "-::*"]
    public var protectedMode = true
    /// `bind-source-addr`: the local address outgoing connections (cluster bus, replica to
    /// master) bind to; empty lets the kernel choose, as Redis 7.0 does when it is unset.
    public var bindSourceAddress = ""
    public var tcpBacklog = 511
    public var tcpKeepalive = 300
    public var timeout = 0
    public var maxClients = 10000

    // Security
    public var requirePass: Bytes?

    // General
    public var databases = 16
    public var hz = 10
    public var daemonize = false
    public var pidFile: String?
    public var logLevel = LogLevel.notice
    public var logFile = ""
    public var alwaysShowLogo = false
    public var enableDebugCommand = DebugCommandAccess.no
    public var shutdownTimeout = 10

    // Limits
    public var protoMaxBulkLength = 512 * 1024 * 1024
    public var clientQueryBufferLimit = 1024 * 1024 * 1024
    public var encoding = EncodingLimits()

    // RDB
    public var savePoints: [SavePoint] = [
        SavePoint(seconds: 3600, changes: 1), SavePoint(seconds: 300, changes: 100),
        SavePoint(seconds: 60, changes: 10000),
    ]
    public var dbFilename = "dump.rdb"
    public var dir = ""
    public var rdbCompression = true
    public var rdbChecksum = true
    public var stopWritesOnBgsaveError = true

    // AOF
    public var appendOnly = false
    public var appendFsync = FsyncPolicy.everysec
    public var appendFilename = "appendonly.aof"
    public var appendDirname = "appendonlydir"
    public var aofUseRDBPreamble = true
    public var aofLoadTruncated = true
    public var autoAofRewritePercentage = 100
    public var autoAofRewriteMinSize = 64 * 1024 * 1024

    // Cluster
    public var cluster = ClusterSettings()

    // Replication
    public var replication = ReplicationSettings()

    /// Directives accepted for compatibility with real `redis.conf` files that have no effect
    /// in this node; CONFIG GET shows them, start-up warns about non-default ones.
    public var inert: [String: String] = [:]

    /// The file given on the command line, for CONFIG REWRITE.
    public var configFile: String?

    public init() {}

    /// The `bind` addresses as listeners take them: `*` is every IPv4 address, `::*` every
    /// IPv6 one, and a leading `-` marks an address whose absence is not an error.
    public var listenAddresses: [(host: String, optional: Bool)] {
        bind.map { address in
            let optional = address.hasPrefix("-")
            let a = optional ? String(address.dropFirst()) : address
            return (a == "*" ? "0.0.0.0" : a == "::*" ? "::" : a, optional)
        }
    }

    public var respLimits: RESPLimits {
        RESPLimits(maxBulkLength: protoMaxBulkLength)
    }
}
