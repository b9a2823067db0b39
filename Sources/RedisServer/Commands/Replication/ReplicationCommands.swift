import NIOCore
import RESP

/// PSYNC, SYNC, REPLCONF, REPLICAOF (and SLAVEOF), ROLE, WAIT.
enum ReplicationCommands {
    static let all: [CommandSpec] = [
        CommandSpec("psync", arity: -3, flags: "admin noscript no_multi no_async_loading", group: .server, handler: psync),
        CommandSpec("sync", arity: 1, flags: "admin noscript no_multi no_async_loading", group: .server) {
            call throws(RedisError) in
            try call.node.replication.synchronize(call.client, psync: nil)
        },
        CommandSpec("replconf", arity: -1, flags: "admin noscript loading stale allow_busy", group: .server, handler: replconf),
        CommandSpec("replicaof", arity: 3, flags: "admin noscript stale no_async_loading", group: .server, handler: replicaof),
        CommandSpec("slaveof", arity: 3, flags: "admin noscript stale no_async_loading", group: .server, handler: replicaof),
        CommandSpec(
            "role", arity: 1, flags: "noscript loading stale fast", group: .server, categories: ["@admin", "@dangerous"],
            handler: role),
        CommandSpec("wait", arity: 3, flags: "noscript", group: .generic, categories: ["@connection"], handler: wait),
    ]

    /// PSYNC <replid> <offset>: the reply (+FULLRESYNC / +CONTINUE) goes to the socket.
    static func psync(_ call: inout Call) throws(RedisError) {
        if call.client.replicaPeer?.isAttached == true { return }
        guard let offset = call.args[2].withUnsafeReadableBytes({ parseStrictInt64($0) }) else {
            call.node.log.warning(
                "Replica \(call.client.replicaPeer?.name ?? "client id #\(call.client.id)") asks for synchronization but with a wrong offset"
            )
            throw .notInteger
        }
        try call.node.replication.synchronize(call.client, psync: (call.string(1), offset))
    }

    /// REPLCONF <option> <value> ...: listening-port, ip-address, capa, ack, getack (and
    /// rdb-only / rdb-filter-only, accepted and ignored).
    static func replconf(_ call: inout Call) throws(RedisError) {
        guard call.count % 2 == 1 else { throw .syntax }
        let client = call.client
        let replication = call.node.replication
        for i in stride(from: 1, to: call.count, by: 2) {
            if call.keyword(i, "listening-port") {
                let port = try call.int(i + 1)
                peer(client).listeningPort = Int(truncatingIfNeeded: port)
            } else if call.keyword(i, "ip-address") {
                let address = call.string(i + 1)
                guard address.utf8.count < 256 else {
                    throw RedisError(
                        "ERR REPLCONF ip-address provided by replica instance is too long: \(address.utf8.count) bytes")
                }
                peer(client).announcedIP = address
            } else if call.keyword(i, "capa") {
                if call.keyword(i + 1, "eof") { peer(client).supportsEOF = true }
                if call.keyword(i + 1, "psync2") { peer(client).supportsPsync2 = true }
            } else if call.keyword(i, "ack") {
                // A replica's acknowledgement: never answered.
                guard client.replicaPeer?.isAttached == true,
                    let offset = call.args[i + 1].withUnsafeReadableBytes({ parseStrictInt64($0) })
                else { return }
                replication.acknowledge(client, offset: offset)
                return
            } else if call.keyword(i, "getack") {
                // From our master: answered with an ACK on the link, never with a reply.
                if client.isMasterLink { replication.sendAck() }
                return
            } else if call.keyword(i, "rdb-only") {
                let value = try call.int(i + 1)
                guard value == 0 || value == 1 else { throw RedisError("ERR value is out of range") }
            } else if call.keyword(i, "rdb-filter-only") {
                continue
            } else {
                throw RedisError("ERR Unrecognized REPLCONF option: \(call.string(i))")
            }
        }
        call.reply.ok()
    }

    private static func peer(_ client: Client) -> ReplicaPeer {
        if let peer = client.replicaPeer { return peer }
        let peer = ReplicaPeer(client: client)
        client.replicaPeer = peer
        return peer
    }

    /// REPLICAOF host port | NO ONE.
    static func replicaof(_ call: inout Call) throws(RedisError) {
        // In a cluster, CLUSTER REPLICATE and failovers decide who replicates whom.
        if call.node.cluster != nil { throw RedisError("ERR REPLICAOF not allowed in cluster mode.") }
        let replication = call.node.replication
        if call.keyword(1, "no") && call.keyword(2, "one") {
            if replication.isReplica {
                replication.promoteToMaster()
                call.node.log.notice("MASTER MODE enabled (user request from '\(call.client.info())')")
            }
            call.reply.ok()
            return
        }
        if call.client.replicaPeer?.isAttached == true {
            throw RedisError("ERR Command is not valid when client is a replica.")
        }
        let port = try call.int(2, error: RedisError("ERR Invalid master port"))
        guard port >= 0 && port <= 65535 else { throw RedisError("ERR Invalid master port") }
        let host = call.string(1)
        if let current = call.node.config.replication.primary, current.host.lowercased() == host.lowercased(),
            current.port == Int(port)
        {
            call.node.log.notice(
                "REPLICAOF would result into synchronization with the master we are already connected with. No operation performed."
            )
            call.reply.simpleString("OK Already connected to specified master")
            return
        }
        replication.replicate(host: host, port: Int(port))
        call.node.log.notice("REPLICAOF \(host):\(port) enabled (user request from '\(call.client.info())')")
        call.reply.ok()
    }

    /// ROLE: master, offset, [ip, port, acked offset] per online replica; or slave, host,
    /// port, link state, processed offset.
    static func role(_ call: inout Call) throws(RedisError) {
        let replication = call.node.replication
        if let primary = call.node.config.replication.primary {
            call.reply.arrayHeader(5)
            call.reply.bulk("slave")
            call.reply.bulk(primary.host)
            call.reply.integer(primary.port)
            call.reply.bulk(replication.linkStateName)
            call.reply.integer(replication.master?.appliedOffset ?? -1)
            return
        }
        let online = replication.replicas.filter { $0.state == .online }
        call.reply.arrayHeader(3)
        call.reply.bulk("master")
        call.reply.integer(replication.history.offset)
        call.reply.arrayHeader(online.count)
        for peer in online {
            call.reply.arrayHeader(3)
            call.reply.bulk(peer.ip)
            call.reply.bulk(String(peer.listeningPort))
            call.reply.bulk(String(peer.ackOffset))
        }
    }

    /// WAIT numreplicas timeout.
    static func wait(_ call: inout Call) throws(RedisError) {
        let replication = call.node.replication
        if replication.isReplica {
            throw RedisError(
                "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated."
            )
        }
        let wanted = try call.int(1)
        let timeout = try call.int(2, error: RedisError("ERR timeout is not an integer or out of range"))
        guard timeout >= 0 else { throw RedisError("ERR timeout is negative") }
        let acknowledged = replication.acknowledgedReplicas(atLeast: call.client.replicationWriteOffset)
        if acknowledged >= wanted || call.client.inMulti || call.node.inExec {
            call.reply.integer(acknowledged)
            return
        }
        replication.wait(call, replicas: Int(clamping: wanted), timeoutMilliseconds: timeout)
    }
}
