import Foundation

/// The command line of one cluster node, the same for our node and redis-server (both take
/// redis.conf directives as `--name value`).
enum RedisNodeArguments {
    static func make(placement: NodePlacement, topology: Topology, directory: URL) throws -> [String] {
        var arguments = [
            "--port", String(try placement.listenPort("client")),
            "--bind", placement.listenHost,
            "--cluster-port", String(try placement.listenPort("bus")),
            "--cluster-enabled", "yes",
            "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", String(topology.nodeTimeout.nanoseconds / 1_000_000),
            "--dir", directory.path,
            "--dbfilename", "dump.rdb",
            // No automatic snapshots or AOF: restarts start empty unless a suite hands the
            // node an RDB, which is exactly what the stale-RDB fault needs to control.
            "--save", "",
            "--appendonly", "no",
            "--logfile", "",
            "--daemonize", "no",
            // The harness preloads data with DEBUG POPULATE from its own (non-local) address.
            "--enable-debug-command", "yes",
            "--cluster-announce-ip", placement.announceHost,
            "--cluster-announce-port", String(try placement.announcePort("client")),
            "--cluster-announce-bus-port", String(try placement.announcePort("bus")),
            "--bind-source-addr", placement.sourceAddress,
        ]
        arguments += placement.directives.flatMap(\.arguments)
        return arguments
    }
}
