import Foundation

/// The text of INFO: Redis 7.0's sections and field names, every line ending in `\r\n`
/// (redis-cli --cluster and other tools depend on that).
struct InfoReport {
    unowned let node: RedisNode

    static let defaultSections = [
        "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "errorstats",
        "cluster", "keyspace",
    ]
    static let allSections = [
        "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "modules", "commandstats",
        "errorstats", "cluster", "keyspace",
    ]

    /// `INFO [section ...]`: "default", "all", "everything" or section names, any case.
    func render(_ requested: [String]) -> String {
        var wanted: [String] = []
        let names = requested.map { $0.lowercased() }
        if names.isEmpty || names.contains("default") { wanted += Self.defaultSections }
        if names.contains("all") || names.contains("everything") { wanted += Self.allSections }
        wanted += names.filter { Self.allSections.contains($0) }
        var seen = Set<String>()
        var blocks: [String] = []
        for section in Self.allSections where wanted.contains(section) && seen.insert(section).inserted {
            blocks.append(render(section: section))
        }
        return blocks.joined(separator: "\r\n")
    }

    private func render(section: String) -> String {
        let (title, fields): (String, [(String, String)]) = {
            switch section {
            case "server": return ("Server", server())
            case "clients": return ("Clients", clients())
            case "memory": return ("Memory", memory())
            case "persistence": return ("Persistence", node.persistence.infoFields())
            case "stats": return ("Stats", stats())
            case "replication": return ("Replication", node.replication.infoFields())
            case "cpu": return ("CPU", cpu())
            case "modules": return ("Modules", [])
            case "commandstats": return ("Commandstats", commandstats())
            case "errorstats": return ("Errorstats", errorstats())
            case "cluster": return ("Cluster", [("cluster_enabled", node.cluster != nil ? "1" : "0")])
            default: return ("Keyspace", keyspace())
            }
        }()
        var text = "# \(title)\r\n"
        for (k, v) in fields { text += "\(k):\(v)\r\n" }
        return text
    }

    private func server() -> [(String, String)] {
        let now = node.clock()
        let uptime = (now - node.stats.startTime) / 1000
        return [
            ("redis_version", RedisNode.redisVersion), ("redis_git_sha1", "00000000"), ("redis_git_dirty", "0"),
            ("redis_build_id", "shakedown"), ("redis_mode", "standalone"), ("os", ProcessMetrics.osDescription()),
            ("arch_bits", "64"), ("monotonic_clock", "POSIX clock_gettime"), ("multiplexing_api", "epoll"),
            ("atomicvar_api", "c11-builtin"), ("gcc_version", "0.0.0"), ("process_id", String(getpid())),
            ("process_supervised", "no"), ("run_id", node.runID), ("tcp_port", String(node.boundPort)),
            ("server_time_usec", String(now * 1000)), ("uptime_in_seconds", String(uptime)),
            ("uptime_in_days", String(uptime / 86400)), ("hz", String(node.config.hz)),
            ("configured_hz", String(node.config.hz)), ("lru_clock", String((now / 1000) & ((1 << 24) - 1))),
            ("executable", CommandLine.arguments.first.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? ""),
            ("config_file", node.config.configFile ?? ""), ("io_threads_active", "0"),
            ("shakedown_version", RedisNode.shakedownVersion),
        ]
    }

    private func clients() -> [(String, String)] {
        // Replicas are not counted as clients (Redis counts them apart, in connected_slaves).
        let connected = node.clients.values.filter { $0.channel != nil && $0.replicaPeer?.isAttached != true }
        return [
            ("connected_clients", String(connected.count)), ("cluster_connections", String(node.cluster?.linkCount ?? 0)),
            ("maxclients", String(node.config.maxClients)),
            ("client_recent_max_input_buffer", String(connected.map(\.queryBufferLength).max() ?? 0)),
            ("client_recent_max_output_buffer", String(connected.map { $0.reply.buffer.readableBytes }.max() ?? 0)),
            ("blocked_clients", String(node.clients.values.filter(\.isBlocked).count)), ("tracking_clients", "0"),
            ("clients_in_timeout_table", String(node.clients.values.filter { $0.blocked?.timeout != nil }.count)),
        ]
    }

    private func memory() -> [(String, String)] {
        let used = ProcessMetrics.allocatedBytes()
        let rss = ProcessMetrics.residentBytes()
        let peak = max(node.peakMemory, used)
        let startup = node.startupMemory
        let clientsMemory = node.clients.values.reduce(0) {
            $0 + $1.reply.buffer.capacity + ($1.queryBuffer?.capacity ?? 0)
        }
        let aofBuffer = node.persistence.aofBufferSize
        let overhead = startup + clientsMemory + aofBuffer
        let dataset = max(0, used - overhead)
        let total = ProcessMetrics.totalSystemMemory()
        let policy = node.config.inert["maxmemory-policy"] ?? "noeviction"
        return [
            ("used_memory", String(used)), ("used_memory_human", ProcessMetrics.human(used)),
            ("used_memory_rss", String(rss)), ("used_memory_rss_human", ProcessMetrics.human(rss)),
            ("used_memory_peak", String(peak)), ("used_memory_peak_human", ProcessMetrics.human(peak)),
            ("used_memory_peak_perc", String(format: "%.2f%%", peak > 0 ? Double(used) * 100 / Double(peak) : 100)),
            ("used_memory_overhead", String(overhead)), ("used_memory_startup", String(startup)),
            ("used_memory_dataset", String(dataset)),
            ("used_memory_dataset_perc", String(format: "%.2f%%", used > 0 ? Double(dataset) * 100 / Double(used) : 0)),
            // malloc has no separate active/resident figures: allocated is all there is.
            ("allocator_allocated", String(used)), ("allocator_active", String(used)),
            ("allocator_resident", String(rss)),
            ("total_system_memory", String(total)), ("total_system_memory_human", ProcessMetrics.human(total)),
        ] + Self.scriptingMemory + [
            ("maxmemory", "0"), ("maxmemory_human", "0B"), ("maxmemory_policy", policy),
            ("allocator_frag_ratio", "1.00"), ("allocator_frag_bytes", "0"),
            ("allocator_rss_ratio", String(format: "%.2f", used > 0 ? Double(rss) / Double(used) : 0)),
            ("allocator_rss_bytes", String(rss - used)), ("rss_overhead_ratio", "1.00"), ("rss_overhead_bytes", "0"),
            ("mem_fragmentation_ratio", String(format: "%.2f", used > 0 ? Double(rss) / Double(used) : 0)),
            ("mem_fragmentation_bytes", String(rss - used)), ("mem_not_counted_for_evict", String(aofBuffer)),
            ("mem_replication_backlog", String(node.replication.backlog?.capacity ?? 0)),
            ("mem_total_replication_buffers", "0"), ("mem_clients_slaves", "0"),
            ("mem_clients_normal", String(clientsMemory)), ("mem_cluster_links", "0"),
            ("mem_aof_buffer", String(aofBuffer)), ("mem_allocator", "libc"), ("active_defrag_running", "0"),
            ("lazyfree_pending_objects", "0"), ("lazyfreed_objects", "0"),
        ]
    }

    /// The node has no scripting engine; these are the figures Redis 7.0 reports for an
    /// engine that never ran a script or loaded a function.
    static let scriptingMemory: [(String, String)] = [
        ("used_memory_lua", "32768"), ("used_memory_vm_eval", "32768"), ("used_memory_lua_human", "32.00K"),
        ("used_memory_scripts_eval", "0"), ("number_of_cached_scripts", "0"), ("number_of_functions", "0"),
        ("number_of_libraries", "0"), ("used_memory_vm_functions", "33792"), ("used_memory_vm_total", "66560"),
        ("used_memory_vm_total_human", "65.00K"), ("used_memory_functions", "200"), ("used_memory_scripts", "200"),
        ("used_memory_scripts_human", "200B"),
    ]

    private func stats() -> [(String, String)] {
        let s = node.stats
        let kbps = node.kilobytesPerSecond
        return [
            ("total_connections_received", String(s.totalConnections)),
            ("total_commands_processed", String(s.totalCommands)),
            ("instantaneous_ops_per_sec", String(node.opsPerSecond)),
            ("total_net_input_bytes", String(s.inputBytes)), ("total_net_output_bytes", String(s.outputBytes)),
            ("total_net_repl_input_bytes", String(node.replication.stats.inputBytes)),
            ("total_net_repl_output_bytes", String(node.replication.stats.outputBytes)),
            ("instantaneous_input_kbps", String(format: "%.2f", kbps.input)),
            ("instantaneous_output_kbps", String(format: "%.2f", kbps.output)),
            ("instantaneous_input_repl_kbps", "0.00"), ("instantaneous_output_repl_kbps", "0.00"),
            ("rejected_connections", String(s.rejectedConnections)),
            ("sync_full", String(node.replication.stats.fullSyncs)),
            ("sync_partial_ok", String(node.replication.stats.partialSyncsAccepted)),
            ("sync_partial_err", String(node.replication.stats.partialSyncsRefused)), ("expired_keys", String(s.expiredKeys)),
            ("expired_stale_perc", String(format: "%.2f", s.expiredStalePercent * 100)),
            ("expired_time_cap_reached_count", String(s.expireTimeCapReached)),
            ("expire_cycle_cpu_milliseconds", String(s.expireCycleMicroseconds / 1000)), ("evicted_keys", "0"),
            ("evicted_clients", "0"), ("total_eviction_exceeded_time", "0"), ("current_eviction_exceeded_time", "0"),
            ("keyspace_hits", String(s.keyspaceHits)),
            ("keyspace_misses", String(s.keyspaceMisses)), ("pubsub_channels", String(node.pubsub.channels.count)),
            ("pubsub_patterns", String(node.pubsub.patternCount)), ("pubsubshard_channels", String(node.pubsub.shardChannels.count)),
            ("latest_fork_usec", String(s.lastForkMicroseconds)), ("total_forks", String(s.forkCount)),
            ("migrate_cached_sockets", String(node.migrateSockets.count)), ("slave_expires_tracked_keys", "0"), ("active_defrag_hits", "0"),
            ("active_defrag_misses", "0"), ("active_defrag_key_hits", "0"), ("active_defrag_key_misses", "0"),
            ("total_active_defrag_time", "0"), ("current_active_defrag_time", "0"), ("tracking_total_keys", "0"),
            ("tracking_total_items", "0"), ("tracking_total_prefixes", "0"),
            ("unexpected_error_replies", String(s.unexpectedErrorReplies)),
            ("total_error_replies", String(s.totalErrorReplies)), ("dump_payload_sanitizations", "0"),
            ("total_reads_processed", String(s.readsProcessed)), ("total_writes_processed", String(s.writesProcessed)),
            ("io_threaded_reads_processed", "0"), ("io_threaded_writes_processed", "0"),
            ("reply_buffer_shrinks", "0"), ("reply_buffer_expands", "0"),
        ]
    }

    private func cpu() -> [(String, String)] {
        let me = ProcessMetrics.cpuSeconds(RUSAGE_SELF.rawValue)
        let children = ProcessMetrics.cpuSeconds(RUSAGE_CHILDREN.rawValue)
        // INFO runs on the event loop's thread, which is the one that serves commands.
        let loop = ProcessMetrics.cpuSeconds(ProcessMetrics.currentThread)
        return [
            ("used_cpu_sys", String(format: "%.6f", me.system)), ("used_cpu_user", String(format: "%.6f", me.user)),
            ("used_cpu_sys_children", String(format: "%.6f", children.system)),
            ("used_cpu_user_children", String(format: "%.6f", children.user)),
            ("used_cpu_sys_main_thread", String(format: "%.6f", loop.system)),
            ("used_cpu_user_main_thread", String(format: "%.6f", loop.user)),
        ]
    }

    private func commandstats() -> [(String, String)] {
        node.commands.allSpecs.compactMap { spec in
            let st = node.stats.commands[spec.statIndex]
            guard st.calls > 0 || st.rejected > 0 || st.failed > 0 else { return nil }
            let perCall = st.calls > 0 ? Double(st.microseconds) / Double(st.calls) : 0
            return (
                "cmdstat_\(spec.fullName)",
                "calls=\(st.calls),usec=\(st.microseconds),usec_per_call=\(String(format: "%.2f", perCall)),rejected_calls=\(st.rejected),failed_calls=\(st.failed)"
            )
        }
    }

    private func errorstats() -> [(String, String)] {
        node.stats.errorCounts.sorted { $0.key < $1.key }.map { ("errorstat_\($0.key)", "count=\($0.value)") }
    }

    private func keyspace() -> [(String, String)] {
        node.databases.filter { $0.count > 0 }.map { db in
            ("db\(db.id)", "keys=\(db.count),expires=\(db.expiring.count),avg_ttl=\(db.averageTTL)")
        }
    }
}
