extension ConfigDirectives {
    static let cluster: [ConfigDirective] = [
        ConfigDirective("cluster-enabled", .bool(\.cluster.enabled), default: "no", immutable: true),
        ConfigDirective("cluster-config-file", .string(\.cluster.configFile), default: "nodes.conf", immutable: true),
        ConfigDirective(
            "cluster-node-timeout", .int(\.cluster.nodeTimeout, min: 0, max: Int(Int64.max)), default: "15000"),
        ConfigDirective("cluster-port", .int(\.cluster.port, min: 0, max: 65535), default: "0", immutable: true),
        ConfigDirective("cluster-announce-ip", .string(\.cluster.announceIP), default: ""),
        ConfigDirective("cluster-announce-port", .int(\.cluster.announcePort, min: 0, max: 65535), default: "0"),
        ConfigDirective(
            "cluster-announce-bus-port", .int(\.cluster.announceBusPort, min: 0, max: 65535), default: "0"),
        ConfigDirective("cluster-announce-hostname", .string(\.cluster.announceHostname), default: ""),
        ConfigDirective("cluster-require-full-coverage", .bool(\.cluster.requireFullCoverage), default: "yes"),
        ConfigDirective("cluster-allow-reads-when-down", .bool(\.cluster.allowReadsWhenDown), default: "no"),
        ConfigDirective(
            "cluster-allow-pubsubshard-when-down", .bool(\.cluster.allowPubsubShardWhenDown), default: "yes"),
        ConfigDirective(
            "cluster-replica-validity-factor", aliases: ["cluster-slave-validity-factor"],
            .int(\.cluster.replicaValidityFactor, min: 0, max: Int(Int32.max)), default: "10"),
        ConfigDirective(
            "cluster-replica-no-failover", aliases: ["cluster-slave-no-failover"], .bool(\.cluster.replicaNoFailover),
            default: "no"),
        ConfigDirective(
            "cluster-migration-barrier", .int(\.cluster.migrationBarrier, min: 0, max: Int(Int32.max)), default: "1"),
        ConfigDirective("cluster-allow-replica-migration", .bool(\.cluster.allowReplicaMigration), default: "yes"),
        // No TLS and no link buffer limit here; endpoints are always IPs.
        ConfigDirective("cluster-announce-tls-port", .inert, default: "0"),
        ConfigDirective("cluster-preferred-endpoint-type", .inert, default: "ip"),
        ConfigDirective("cluster-link-sendbuf-limit", .inert, default: "0"),
    ]
}
