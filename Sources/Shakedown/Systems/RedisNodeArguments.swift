import Foundation

/// The command line of one cluster node, the same for our node and redis-server (both take
/// redis.conf directives as `--name value`).
enum RedisNodeArguments {
    static func make(placement: NodePlacement, topology: Topology, directory: URL) -> [String] {
        var arguments = [
            "--port", String(placement.listenPorts[0]),
            "--bind", placement.listenHost,
            "--cluster-port", String(placement.listenPorts[1]),
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
            "--cluster-announce-ip", placement.announceHost,
            "--cluster-announce-port", String(placement.announcePorts[0]),
            "--cluster-announce-bus-port", String(placement.announcePorts[1]),
        ]
        if let source = placement.sourceAddress {
            arguments += ["--bind-source-addr", source]
        }
        arguments += placement.extraArguments
        return arguments
    }
}
