import NIOCore
import RESP

/// CLUSTER INFO, NODES, MYID, SLOTS, SHARDS, REPLICAS, LINKS: what a node knows, in Redis
/// 7.0's formats (redis-cli --cluster and cluster clients parse them).
enum ClusterReportCommands {
    static func info(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        call.reply.verbatim(cluster.infoText())
    }

    static func nodes(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        call.reply.verbatim(cluster.nodesText())
    }

    static func myID(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        call.reply.bulk(cluster.myself.id.description)
    }

    static func replicas(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        let n = try ClusterCommands.node(call, cluster, 2)
        guard !n.isReplica else { throw RedisError("ERR The specified node is not a master") }
        call.reply.arrayHeader(n.replicas.count)
        for r in n.replicas { call.reply.bulk(cluster.describe(r)) }
    }

    /// Slot ranges by owner, each with the owner and its available replicas.
    static func slots(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        var runs: [(start: Int, end: Int, owner: ClusterNode)] = []
        var slot = 0
        while slot < Cluster.slotCount {
            guard let owner = cluster.slots[slot] else {
                slot += 1
                continue
            }
            let start = slot
            while slot + 1 < Cluster.slotCount && cluster.slots[slot + 1] === owner { slot += 1 }
            runs.append((start, slot, owner))
            slot += 1
        }
        call.reply.arrayHeader(runs.count)
        for run in runs {
            let replicas = run.owner.replicas.filter { cluster.isReplicaAvailable($0) }
            call.reply.arrayHeader(3 + replicas.count)
            call.reply.integer(run.start)
            call.reply.integer(run.end)
            writeNode(&call.reply, run.owner)
            for r in replicas { writeNode(&call.reply, r) }
        }
    }

    private static func writeNode(_ reply: inout RESPWriter, _ n: ClusterNode) {
        reply.arrayHeader(4)
        reply.bulk(n.ip)
        reply.integer(n.port)
        reply.bulk(n.id.description)
        if n.hostname.isEmpty {
            reply.mapHeader(0)
        } else {
            reply.mapHeader(1)
            reply.bulk("hostname")
            reply.bulk(n.hostname)
        }
    }

    static func shards(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        let masters = cluster.nodes.values.filter { $0.isMaster }.sorted { $0.id < $1.id }
        call.reply.arrayHeader(masters.count)
        for m in masters {
            call.reply.mapHeader(2)
            call.reply.bulk("slots")
            let ranges = m.slots.ranges
            call.reply.arrayHeader(ranges.count * 2)
            for r in ranges {
                call.reply.integer(r.lowerBound)
                call.reply.integer(r.upperBound)
            }
            call.reply.bulk("nodes")
            let members = [m] + m.replicas
            call.reply.arrayHeader(members.count)
            for n in members { writeShardNode(&call.reply, n, cluster) }
        }
    }

    private static func writeShardNode(_ reply: inout RESPWriter, _ n: ClusterNode, _ cluster: Cluster) {
        let offset = n.isMyself ? cluster.node.replicationOffsetForCluster : n.replOffset
        reply.mapHeader(n.hostname.isEmpty ? 7 : 8)
        reply.bulk("id")
        reply.bulk(n.id.description)
        reply.bulk("port")
        reply.integer(n.port)
        reply.bulk("ip")
        reply.bulk(n.ip)
        reply.bulk("endpoint")
        reply.bulk(n.ip)
        if !n.hostname.isEmpty {
            reply.bulk("hostname")
            reply.bulk(n.hostname)
        }
        reply.bulk("role")
        reply.bulk(n.isReplica ? "replica" : "master")
        reply.bulk("replication-offset")
        reply.integer(offset)
        reply.bulk("health")
        reply.bulk(n.isFailed ? "fail" : (n.isReplica && offset == 0) ? "loading" : "online")
    }

    static func links(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        var links: [ClusterLink] = []
        for n in cluster.nodes.values.sorted(by: { $0.id < $1.id }) {
            if let l = n.link { links.append(l) }
            if let l = n.inboundLink { links.append(l) }
        }
        call.reply.arrayHeader(links.count)
        for l in links {
            call.reply.mapHeader(6)
            call.reply.bulk("direction")
            call.reply.bulk(l.inbound ? "from" : "to")
            call.reply.bulk("node")
            call.reply.bulk(l.node?.id.description ?? "")
            call.reply.bulk("create-time")
            call.reply.integer(l.createdAt)
            call.reply.bulk("events")
            call.reply.bulk("r")
            call.reply.bulk("send-buffer-allocated")
            call.reply.integer(0)
            call.reply.bulk("send-buffer-used")
            call.reply.integer(0)
        }
    }
}

extension Cluster {
    /// CLUSTER INFO's text; every line ends in CRLF.
    func infoText() -> String {
        var assigned = 0
        var ok = 0
        var pfail = 0
        var fail = 0
        for owner in slots {
            guard let owner else { continue }
            assigned += 1
            if owner.isFailed { fail += 1 } else if owner.isTimedOut { pfail += 1 } else { ok += 1 }
        }
        let myEpoch = myself.isReplica ? (myself.master?.configEpoch ?? myself.configEpoch) : myself.configEpoch
        var text = """
            cluster_state:\(state.rawValue)\r
            cluster_slots_assigned:\(assigned)\r
            cluster_slots_ok:\(ok)\r
            cluster_slots_pfail:\(pfail)\r
            cluster_slots_fail:\(fail)\r
            cluster_known_nodes:\(nodes.count)\r
            cluster_size:\(size)\r
            cluster_current_epoch:\(currentEpoch)\r
            cluster_my_epoch:\(myEpoch)\r

            """
        for (direction, counts) in [("sent", stats.sent), ("received", stats.received)] {
            for (type, n) in counts.enumerated() where n > 0 {
                text += "cluster_stats_messages_\(ClusterMessageType(rawValue: UInt16(type)).statsName)_\(direction):\(n)\r\n"
            }
            text += "cluster_stats_messages_\(direction):\(counts.reduce(0, +))\r\n"
        }
        text += "total_cluster_links_buffer_limit_exceeded:0\r\n"
        return text
    }

    /// Redis's `isReplicaAvailable`: listed in CLUSTER SLOTS once synced and not failed.
    func isReplicaAvailable(_ n: ClusterNode) -> Bool {
        if n.isFailed { return false }
        let offset = n.isMyself ? node.replicationOffsetForCluster : n.replOffset
        return offset != 0
    }
}
