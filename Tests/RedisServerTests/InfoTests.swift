import RESP
import Testing

@testable import RedisServer

/// INFO: which sections each argument selects, the fields of Redis 7.0 in each, and the
/// `\r\n` line endings tools split on.
@Suite struct InfoTests {
    static func text(_ t: TestNode, _ args: String...) -> String {
        t.run((["INFO"] + args).map { Array($0.utf8) }).string ?? ""
    }

    static func sections(_ text: String) -> [String] {
        text.components(separatedBy: "\r\n").filter { $0.hasPrefix("# ") }.map { String($0.dropFirst(2)) }
    }

    static func fields(_ text: String) -> [String] {
        text.components(separatedBy: "\r\n").filter { !$0.isEmpty && !$0.hasPrefix("#") }.map {
            String($0.prefix { $0 != ":" })
        }
    }

    static let defaultSections = [
        "Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules", "Errorstats", "Cluster",
        "Keyspace",
    ]

    @Test func sectionSelection() {
        let t = TestNode()
        #expect(Self.sections(Self.text(t)) == Self.defaultSections)
        #expect(Self.sections(Self.text(t, "default")) == Self.defaultSections)
        let all = [
            "Server", "Clients", "Memory", "Persistence", "Stats", "Replication", "CPU", "Modules", "Commandstats",
            "Errorstats", "Cluster", "Keyspace",
        ]
        #expect(Self.sections(Self.text(t, "all")) == all)
        #expect(Self.sections(Self.text(t, "everything")) == all)
        #expect(Self.sections(Self.text(t, "KEYSPACE")) == ["Keyspace"])
        #expect(Self.sections(Self.text(t, "keyspace", "server")) == ["Server", "Keyspace"])
        #expect(Self.sections(Self.text(t, "keyspace", "foo")) == ["Keyspace"])
        #expect(Self.text(t, "foo") == "")
        #expect(Self.text(t, "cluster") == "# Cluster\r\ncluster_enabled:0\r\n")
        #expect(Self.text(t, "modules") == "# Modules\r\n")
    }

    @Test func everyLineEndsInCRLF() {
        let t = TestNode()
        t.run("SET", "a", "1")
        t.run("GET", "zz")
        t.run("GET")
        let text = Self.text(t, "everything")
        #expect(text.hasSuffix("\r\n"))
        #expect(!text.hasSuffix("\r\n\r\n"))
        // No bare \n anywhere: every \n belongs to a \r\n.
        #expect(text.replacingOccurrences(of: "\r\n", with: "").contains("\n") == false)
        #expect(text.replacingOccurrences(of: "\r\n", with: "").contains("\r") == false)
        // Sections are separated by one empty line.
        #expect(text.contains("\r\n\r\n# Clients\r\n"))
        #expect(!text.contains("\r\n\r\n\r\n"))
        for line in text.components(separatedBy: "\r\n") where !line.isEmpty && !line.hasPrefix("# ") {
            #expect(line.contains(":"), "\(line)")
        }
    }

    @Test func fieldsOfRedis70() {
        let t = TestNode()
        let server = Self.fields(Self.text(t, "server"))
        for name in [
            "redis_version", "redis_git_sha1", "redis_mode", "os", "arch_bits", "process_id", "run_id", "tcp_port",
            "server_time_usec", "uptime_in_seconds", "uptime_in_days", "hz", "configured_hz", "lru_clock", "executable",
            "config_file", "io_threads_active",
        ] {
            #expect(server.contains(name), "\(name)")
        }
        #expect(Self.text(t, "server").contains("redis_version:7.0.15\r\n"))
        #expect(
            Self.fields(Self.text(t, "clients")) == [
                "connected_clients", "cluster_connections", "maxclients", "client_recent_max_input_buffer",
                "client_recent_max_output_buffer", "blocked_clients", "tracking_clients", "clients_in_timeout_table",
            ])
        let memory = Self.fields(Self.text(t, "memory"))
        for name in [
            "used_memory", "used_memory_human", "used_memory_rss", "used_memory_peak", "used_memory_overhead",
            "used_memory_startup", "used_memory_dataset", "allocator_allocated", "total_system_memory", "used_memory_lua",
            "number_of_cached_scripts", "maxmemory", "maxmemory_policy", "allocator_frag_ratio", "rss_overhead_ratio",
            "mem_fragmentation_ratio", "mem_not_counted_for_evict", "mem_clients_normal", "mem_aof_buffer",
            "mem_allocator", "active_defrag_running", "lazyfree_pending_objects", "lazyfreed_objects",
        ] {
            #expect(memory.contains(name), "\(name)")
        }
        let stats = Self.fields(Self.text(t, "stats"))
        #expect(
            stats == [
                "total_connections_received", "total_commands_processed", "instantaneous_ops_per_sec",
                "total_net_input_bytes", "total_net_output_bytes", "total_net_repl_input_bytes",
                "total_net_repl_output_bytes", "instantaneous_input_kbps", "instantaneous_output_kbps",
                "instantaneous_input_repl_kbps", "instantaneous_output_repl_kbps", "rejected_connections", "sync_full",
                "sync_partial_ok", "sync_partial_err", "expired_keys", "expired_stale_perc",
                "expired_time_cap_reached_count", "expire_cycle_cpu_milliseconds", "evicted_keys", "evicted_clients",
                "total_eviction_exceeded_time", "current_eviction_exceeded_time", "keyspace_hits", "keyspace_misses",
                "pubsub_channels", "pubsub_patterns", "pubsubshard_channels", "latest_fork_usec", "total_forks",
                "migrate_cached_sockets", "slave_expires_tracked_keys", "active_defrag_hits", "active_defrag_misses",
                "active_defrag_key_hits", "active_defrag_key_misses", "total_active_defrag_time",
                "current_active_defrag_time", "tracking_total_keys", "tracking_total_items", "tracking_total_prefixes",
                "unexpected_error_replies", "total_error_replies", "dump_payload_sanitizations", "total_reads_processed",
                "total_writes_processed", "io_threaded_reads_processed", "io_threaded_writes_processed",
                "reply_buffer_shrinks", "reply_buffer_expands",
            ])
        #expect(
            Self.fields(Self.text(t, "cpu")) == [
                "used_cpu_sys", "used_cpu_user", "used_cpu_sys_children", "used_cpu_user_children",
                "used_cpu_sys_main_thread", "used_cpu_user_main_thread",
            ])
        #expect(Self.fields(Self.text(t, "replication")).first == "role")
        #expect(Self.text(t, "replication").contains("role:master\r\n"))
    }

    @Test func countersMove() {
        let t = TestNode()
        t.run("CONFIG", "RESETSTAT")
        t.run("SET", "a", "1")
        t.run("GET", "a")
        t.run("GET", "zz")
        t.run("INCR", "a", "b")
        t.run("LPUSH", "a", "x")
        let stats = Self.text(t, "stats")
        #expect(stats.contains("keyspace_hits:1\r\n"))
        #expect(stats.contains("keyspace_misses:1\r\n"))
        #expect(stats.contains("total_error_replies:2\r\n"))
        let errors = Self.text(t, "errorstats")
        #expect(errors == "# Errorstats\r\nerrorstat_ERR:count=1\r\nerrorstat_WRONGTYPE:count=1\r\n")
        let commands = Self.text(t, "commandstats")
        #expect(commands.contains("cmdstat_get:calls=2,"))
        #expect(commands.contains("cmdstat_incr:calls=0,usec=0,usec_per_call=0.00,rejected_calls=1,failed_calls=0\r\n"))
        #expect(commands.contains("cmdstat_lpush:calls=1,") && commands.contains("rejected_calls=0,failed_calls=1\r\n"))
    }

    @Test func clientsSection() {
        let t = TestNode()
        let waiter = t.connect()
        t.run("BLPOP", "l", "0", as: waiter)
        let clients = Self.text(t, "clients")
        #expect(clients.contains("blocked_clients:1\r\n"))
        #expect(clients.contains("maxclients:10000\r\n"))
    }

    @Test func maxmemoryPolicyFollowsConfig() {
        let t = TestNode()
        #expect(Self.text(t, "memory").contains("maxmemory_policy:noeviction\r\n"))
        t.run("CONFIG", "SET", "maxmemory-policy", "allkeys-lru")
        #expect(Self.text(t, "memory").contains("maxmemory_policy:allkeys-lru\r\n"))
    }

    @Test func resp3IsVerbatim() {
        let t = TestNode()
        t.resp3()
        guard case .verbatim(let format, let text) = t.run("INFO", "cluster") else {
            Issue.record("INFO should answer a verbatim string in RESP3")
            return
        }
        #expect(format == "txt")
        #expect(text == "# Cluster\r\ncluster_enabled:0\r\n")
    }
}
