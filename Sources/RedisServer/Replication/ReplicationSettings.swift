/// The replication directives, as `redis.conf` spells them, and where they land in
/// `ServerConfig.replication`.
public struct ReplicationSettings: Sendable {
    /// `replicaof <host> <port>`: nil on a master. REPLICAOF changes it at run time, so
    /// CONFIG REWRITE writes the current master.
    public var primary: (host: String, port: Int)?
    public var masterAuth = ""
    public var masterUser = ""
    public var backlogSize = 1024 * 1024
    /// Seconds a master keeps its backlog with no replica attached (0 = forever).
    public var backlogTTL = 3600
    /// Seconds without traffic before either end of a link gives up on the other.
    public var timeout = 60
    /// Seconds between the PINGs a master sends down the stream.
    public var pingPeriod = 10
    public var readOnly = true
    public var serveStaleData = true
    public var priority = 100
    public var announceIP = ""
    public var announcePort = 0
    public var announced = true

    public init() {}

    /// Redis refuses to go below 16 KB whatever the directive says.
    static let minimumBacklogSize = 16 * 1024
    var effectiveBacklogSize: Int { max(backlogSize, Self.minimumBacklogSize) }
}

extension ReplicationSettings {
    static let directives: [ConfigDirective] = [
        ConfigDirective(
            "replicaof", aliases: ["slaveof"],
            .custom(
                get: { c in c.replication.primary.map { "\($0.host) \($0.port)" } ?? "" },
                set: { c, args throws(ConfigError) in
                    if args.count == 1 && args[0].isEmpty || args.count == 2 && args[0].lowercased() == "no"
                        && args[1].lowercased() == "one"
                    {
                        c.replication.primary = nil
                        return
                    }
                    guard args.count == 2 else { throw .wrongArgCount }
                    guard let port = Int(args[1]), port >= 0, port <= 65535 else { throw ConfigError("Invalid master port") }
                    c.replication.primary = (args[0], port)
                }), default: "", immutable: true, multiArgument: true),
        ConfigDirective("masterauth", .string(\.replication.masterAuth), default: ""),
        ConfigDirective("masteruser", .string(\.replication.masterUser), default: ""),
        ConfigDirective(
            "repl-backlog-size", .memory(\.replication.backlogSize, min: 1, max: Int(Int64.max)), default: "1048576"),
        ConfigDirective("repl-backlog-ttl", .int(\.replication.backlogTTL, min: 0, max: Int(Int32.max)), default: "3600"),
        ConfigDirective("repl-timeout", .int(\.replication.timeout, min: 1, max: Int(Int32.max)), default: "60"),
        ConfigDirective(
            "repl-ping-replica-period", aliases: ["repl-ping-slave-period"],
            .int(\.replication.pingPeriod, min: 1, max: Int(Int32.max)), default: "10"),
        ConfigDirective("replica-read-only", aliases: ["slave-read-only"], .bool(\.replication.readOnly), default: "yes"),
        ConfigDirective(
            "replica-serve-stale-data", aliases: ["slave-serve-stale-data"], .bool(\.replication.serveStaleData),
            default: "yes"),
        ConfigDirective(
            "replica-priority", aliases: ["slave-priority"], .int(\.replication.priority, min: 0, max: Int(Int32.max)),
            default: "100"),
        ConfigDirective(
            "replica-announce-ip", aliases: ["slave-announce-ip"], .string(\.replication.announceIP), default: ""),
        ConfigDirective(
            "replica-announce-port", aliases: ["slave-announce-port"],
            .int(\.replication.announcePort, min: 0, max: 65535), default: "0"),
        ConfigDirective("replica-announced", .bool(\.replication.announced), default: "yes"),
    ]
}
