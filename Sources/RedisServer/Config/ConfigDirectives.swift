import Foundation

/// Every directive the node accepts, in a file, on the command line or with CONFIG SET.
public enum ConfigDirectives {
    public static let all: [ConfigDirective] = honored + cluster + ReplicationSettings.directives + inert

    static let byName: [String: ConfigDirective] = {
        var map: [String: ConfigDirective] = [:]
        for d in all {
            map[d.name] = d
            for a in d.aliases { map[a] = d }
        }
        return map
    }()

    public static func lookup(_ name: String) -> ConfigDirective? { byName[name.lowercased()] }

    static let honored: [ConfigDirective] = [
        ConfigDirective("port", .int(\.port, min: 0, max: 65535), default: "6379", immutable: true),
        ConfigDirective(
            "bind",
            .custom(
                get: { $0.bind.joined(separator: " ") },
                set: { c, args throws(ConfigError) in
                    guard !args.isEmpty, args.count <= 16 else { throw ConfigError("Too many bind addresses specified.") }
                    c.bind = args
                }), default: "* -::*", immutable: true, multiArgument: true),
        ConfigDirective("protected-mode", .bool(\.protectedMode), default: "yes"),
        ConfigDirective("bind-source-addr", .string(\.bindSourceAddress), default: ""),
        ConfigDirective("tcp-backlog", .int(\.tcpBacklog, min: 0, max: Int(Int32.max)), default: "511", immutable: true),
        ConfigDirective("tcp-keepalive", .int(\.tcpKeepalive, min: 0, max: Int(Int32.max)), default: "300"),
        ConfigDirective("timeout", .int(\.timeout, min: 0, max: Int(Int32.max)), default: "0"),
        ConfigDirective("maxclients", .int(\.maxClients, min: 1, max: Int(UInt32.max)), default: "10000"),
        ConfigDirective(
            "requirepass",
            .custom(
                get: { $0.requirePass?.string ?? "" },
                set: { c, args throws(ConfigError) in
                    guard args.count == 1 else { throw .wrongArgCount }
                    c.requirePass = args[0].isEmpty ? nil : Bytes(args[0])
                }), default: ""),
        ConfigDirective("databases", .int(\.databases, min: 1, max: Int(Int32.max)), default: "16", immutable: true),
        ConfigDirective("hz", .int(\.hz, min: 0, max: Int(Int32.max)), default: "10"),
        ConfigDirective("daemonize", .bool(\.daemonize), default: "no", immutable: true),
        ConfigDirective(
            "pidfile",
            .custom(
                get: { $0.pidFile ?? "" },
                set: { c, args throws(ConfigError) in
                    guard args.count == 1 else { throw .wrongArgCount }
                    c.pidFile = args[0].isEmpty ? nil : args[0]
                }), default: "", immutable: true),
        ConfigDirective(
            "loglevel",
            .choice(
                get: { c in
                    switch c.logLevel {
                    case .debug: return "debug"
                    case .verbose: return "verbose"
                    case .notice: return "notice"
                    case .warning: return "warning"
                    case .nothing: return "nothing"
                    }
                },
                set: { c, v in
                    switch v {
                    case "debug": c.logLevel = .debug
                    case "verbose": c.logLevel = .verbose
                    case "notice": c.logLevel = .notice
                    case "warning": c.logLevel = .warning
                    case "nothing": c.logLevel = .nothing
                    default: return false
                    }
                    return true
                }, options: ["debug", "verbose", "notice", "warning", "nothing"]), default: "notice"),
        ConfigDirective("logfile", .string(\.logFile), default: "", immutable: true),
        ConfigDirective("always-show-logo", .bool(\.alwaysShowLogo), default: "no", immutable: true),
        ConfigDirective(
            "enable-debug-command",
            .choice(
                get: { $0.enableDebugCommand.rawValue },
                set: { c, v in
                    guard let access = ServerConfig.DebugCommandAccess(rawValue: v) else { return false }
                    c.enableDebugCommand = access
                    return true
                }, options: ["no", "yes", "local"]), default: "no", immutable: true),
        ConfigDirective("shutdown-timeout", .int(\.shutdownTimeout, min: 0, max: Int(Int32.max)), default: "10"),
        ConfigDirective(
            "proto-max-bulk-len", .memory(\.protoMaxBulkLength, min: 1024 * 1024, max: Int(Int64.max)),
            default: "536870912"),
        ConfigDirective(
            "client-query-buffer-limit", .memory(\.clientQueryBufferLimit, min: 1024 * 1024, max: Int(Int64.max)),
            default: "1073741824"),
        ConfigDirective(
            "hash-max-listpack-entries", aliases: ["hash-max-ziplist-entries"],
            .int(\.encoding.hashMaxListpackEntries, min: 0, max: Int(Int64.max)), default: "512"),
        ConfigDirective(
            "hash-max-listpack-value", aliases: ["hash-max-ziplist-value"],
            .int(\.encoding.hashMaxListpackValue, min: 0, max: Int(Int64.max)), default: "64"),
        ConfigDirective(
            "zset-max-listpack-entries", aliases: ["zset-max-ziplist-entries"],
            .int(\.encoding.zsetMaxListpackEntries, min: 0, max: Int(Int64.max)), default: "128"),
        ConfigDirective(
            "zset-max-listpack-value", aliases: ["zset-max-ziplist-value"],
            .int(\.encoding.zsetMaxListpackValue, min: 0, max: Int(Int64.max)), default: "64"),
        ConfigDirective(
            "set-max-intset-entries", .int(\.encoding.setMaxIntsetEntries, min: 0, max: Int(Int64.max)),
            default: "512"),
        ConfigDirective(
            "list-max-listpack-size", aliases: ["list-max-ziplist-size"],
            .int(\.encoding.listMaxListpackSize, min: Int(Int32.min), max: Int(Int32.max)), default: "-2"),
        ConfigDirective(
            "list-compress-depth", .int(\.encoding.listCompressDepth, min: 0, max: Int(Int32.max)), default: "0"),
        ConfigDirective(
            "save",
            .custom(
                get: { c in c.savePoints.map { "\($0.seconds) \($0.changes)" }.joined(separator: " ") },
                set: { c, args throws(ConfigError) in
                    if args.count == 1 && args[0].isEmpty {
                        c.savePoints = []
                        return
                    }
                    guard args.count % 2 == 0, !args.isEmpty else { throw ConfigError("Invalid save parameters") }
                    var points: [ServerConfig.SavePoint] = []
                    for i in stride(from: 0, to: args.count, by: 2) {
                        guard let s = Int(args[i]), let n = Int(args[i + 1]), s >= 1, n >= 0 else {
                            throw ConfigError("Invalid save parameters")
                        }
                        points.append(.init(seconds: s, changes: n))
                    }
                    c.savePoints = points
                }), default: "3600 1 300 100 60 10000", multiArgument: true),
        ConfigDirective(
            "dbfilename",
            .custom(
                get: { $0.dbFilename },
                set: { c, args throws(ConfigError) in
                    guard args.count == 1 else { throw .wrongArgCount }
                    guard !args[0].contains("/") else { throw ConfigError("dbfilename can't be a path, just a filename") }
                    c.dbFilename = args[0]
                }), default: "dump.rdb"),
        ConfigDirective(
            "dir",
            .custom(
                get: { $0.dir.isEmpty ? FileManager.default.currentDirectoryPath : $0.dir },
                set: { c, args throws(ConfigError) in
                    guard args.count == 1 else { throw .wrongArgCount }
                    // Redis chdir()s; relative file names then resolve against it.
                    guard FileManager.default.changeCurrentDirectoryPath(args[0]) else {
                        throw ConfigError(String(cString: strerror(errno)))
                    }
                    c.dir = FileManager.default.currentDirectoryPath
                }), default: ""),
        ConfigDirective("rdbcompression", .bool(\.rdbCompression), default: "yes"),
        ConfigDirective("rdbchecksum", .bool(\.rdbChecksum), default: "yes", immutable: true),
        ConfigDirective("stop-writes-on-bgsave-error", .bool(\.stopWritesOnBgsaveError), default: "yes"),
        ConfigDirective("appendonly", .bool(\.appendOnly), default: "no"),
        ConfigDirective(
            "appendfsync",
            .choice(
                get: { $0.appendFsync.rawValue },
                set: { c, v in
                    guard let p = ServerConfig.FsyncPolicy(rawValue: v) else { return false }
                    c.appendFsync = p
                    return true
                }, options: ["always", "everysec", "no"]), default: "everysec"),
        ConfigDirective("appendfilename", .string(\.appendFilename), default: "appendonly.aof", immutable: true),
        ConfigDirective("appenddirname", .string(\.appendDirname), default: "appendonlydir", immutable: true),
        ConfigDirective("aof-use-rdb-preamble", .bool(\.aofUseRDBPreamble), default: "yes"),
        ConfigDirective("aof-load-truncated", .bool(\.aofLoadTruncated), default: "yes"),
        ConfigDirective(
            "auto-aof-rewrite-percentage", .int(\.autoAofRewritePercentage, min: 0, max: Int(Int32.max)),
            default: "100"),
        ConfigDirective(
            "auto-aof-rewrite-min-size", .memory(\.autoAofRewriteMinSize, min: 0, max: Int(Int64.max)),
            default: "67108864"),
    ]

    /// Directives of Redis 7.0 that this node accepts but does not act on (for example
    /// tuning knobs of Redis's allocator or threads, which have no counterpart here).
    /// Start-up logs a warning for each one set to something other than its default.
    static let inert: [ConfigDirective] = [
        ("activedefrag", "no"), ("active-defrag-cycle-max", "25"), ("active-defrag-cycle-min", "1"),
        ("active-defrag-ignore-bytes", "104857600"), ("active-defrag-max-scan-fields", "1000"),
        ("active-defrag-threshold-lower", "10"), ("active-defrag-threshold-upper", "100"),
        ("active-expire-effort", "1"), ("activerehashing", "yes"), ("acllog-max-len", "128"),
        ("aclfile", ""), ("aof-disable-auto-gc", "no"), ("aof-rewrite-incremental-fsync", "yes"),
        ("aof-timestamp-enabled", "no"), ("busy-reply-threshold", "5000"),
        ("crash-log-enabled", "yes"), ("crash-memcheck-enabled", "yes"), ("disable-thp", "yes"),
        ("dynamic-hz", "yes"), ("hll-sparse-max-bytes", "3000"), ("ignore-warnings", ""),
        ("io-threads", "1"), ("io-threads-do-reads", "no"), ("jemalloc-bg-thread", "yes"),
        ("latency-monitor-threshold", "0"), ("latency-tracking", "yes"), ("lazyfree-lazy-eviction", "no"),
        ("lazyfree-lazy-expire", "no"), ("lazyfree-lazy-server-del", "no"), ("lazyfree-lazy-user-del", "no"),
        ("lazyfree-lazy-user-flush", "no"), ("lfu-decay-time", "1"), ("lfu-log-factor", "10"),
        ("lua-time-limit", "5000"), ("maxmemory", "0"), ("maxmemory-clients", "0"),
        ("maxmemory-eviction-tenacity", "10"), ("maxmemory-policy", "noeviction"), ("maxmemory-samples", "5"),
        ("no-appendfsync-on-rewrite", "no"), ("notify-keyspace-events", ""), ("oom-score-adj", "no"),
        ("rdb-del-sync-files", "no"), ("rdb-save-incremental-fsync", "yes"), ("replica-lazy-flush", "no"),
        ("sanitize-dump-payload", "no"), ("set-proc-title", "yes"), ("slowlog-log-slower-than", "10000"),
        ("slowlog-max-len", "128"), ("stream-node-max-bytes", "4096"), ("stream-node-max-entries", "100"),
        ("supervised", "no"), ("syslog-enabled", "no"), ("syslog-facility", "local0"), ("syslog-ident", "redis"),
        ("tracking-table-max-keys", "1000000"), ("unixsocketperm", "0"), ("enable-protected-configs", "no"),
        ("enable-module-command", "no"), ("shutdown-on-sigint", "default"), ("shutdown-on-sigterm", "default"),
        ("proc-title-template", "{title} {listen-addr} {server-mode}"), ("tls-port", "0"),
        ("unixsocket", ""), ("bio_cpulist", ""), ("aof_rewrite_cpulist", ""), ("bgsave_cpulist", ""),
        ("server_cpulist", ""), ("repl-diskless-sync", "yes"), ("repl-diskless-sync-delay", "5"),
        ("repl-diskless-sync-max-replicas", "0"), ("repl-diskless-load", "disabled"),
        ("repl-disable-tcp-nodelay", "no"),
        ("replica-ignore-maxmemory", "yes"), ("replica-ignore-disk-write-errors", "no"),
        ("min-replicas-to-write", "0"), ("min-replicas-max-lag", "10"),
        ("propagation-error-behavior", "ignore"), ("socket-mark-id", "0"),
    ].map { ConfigDirective($0.0, .inert, default: $0.1) } + [
        ConfigDirective("client-output-buffer-limit", .inert,
            default: "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60", multiArgument: true),
        ConfigDirective("oom-score-adj-values", .inert, default: "0 200 800", multiArgument: true),
        ConfigDirective("latency-tracking-info-percentiles", .inert, default: "50 99 99.9", multiArgument: true),
    ]
}
