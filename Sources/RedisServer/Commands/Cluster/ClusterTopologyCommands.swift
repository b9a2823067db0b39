import NIOCore
import RESP

/// CLUSTER MEET, FORGET, REPLICATE, RESET, FAILOVER, SET-CONFIG-EPOCH, BUMPEPOCH,
/// COUNT-FAILURE-REPORTS, SAVECONFIG: the commands that change who is in the cluster and
/// in which role.
enum ClusterTopologyCommands {
    static func meet(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        guard call.count == 4 || call.count == 5 else { throw .wrongArity("cluster|meet") }
        guard let port = try? call.int(3) else {
            throw RedisError("ERR Invalid TCP base port specified: \(call.string(3))")
        }
        var busPort = port + 10000
        if call.count == 5 {
            guard let p = try? call.int(4) else {
                throw RedisError("ERR Invalid TCP bus port specified: \(call.string(4))")
            }
            busPort = p
        }
        guard cluster.startHandshake(ip: call.string(2), port: Int(port), busPort: Int(busPort)) else {
            throw RedisError("ERR Invalid node address specified: \(call.string(2)):\(call.string(3))")
        }
        call.reply.ok()
    }

    static func forget(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        let n = try ClusterCommands.node(call, cluster, 2)
        if n === cluster.myself { throw RedisError("ERR I tried hard but I can't forget myself...") }
        if cluster.myself.isReplica && cluster.myself.master === n { throw RedisError("ERR Can't forget my master!") }
        cluster.blacklist[n.id] = call.node.clock() / 1000 + Cluster.blacklistTTL
        cluster.deleteNode(n)
        cluster.pendingStateUpdate = true
        cluster.pendingSave = true
        call.reply.ok()
    }

    static func replicate(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        let n = try ClusterCommands.node(call, cluster, 2)
        if n === cluster.myself { throw RedisError("ERR Can't replicate myself") }
        if n.isReplica { throw RedisError("ERR I can only replicate a master, not a replica.") }
        if cluster.myself.isMaster && (cluster.myself.slotCount != 0 || call.node.databases[0].count != 0) {
            throw RedisError("ERR To set a master the node must be empty and without assigned slots.")
        }
        cluster.becomeReplica(of: n)
        cluster.pendingStateUpdate = true
        cluster.pendingSave = true
        call.reply.ok()
    }

    static func reset(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        guard call.count <= 3 else { throw .wrongArity("cluster|reset") }
        var hard = false
        if call.count == 3 {
            if call.keyword(2, "hard") {
                hard = true
            } else if !call.keyword(2, "soft") {
                throw .syntax
            }
        }
        if cluster.myself.isMaster && call.client.database.count != 0 {
            throw RedisError("ERR CLUSTER RESET can't be called with master nodes containing keys")
        }
        cluster.reset(hard: hard)
        call.reply.ok()
    }

    static func failover(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        guard call.count <= 3 else { throw .wrongArity("cluster|failover") }
        var force = false
        var takeover = false
        if call.count == 3 {
            if call.keyword(2, "force") {
                force = true
            } else if call.keyword(2, "takeover") {
                takeover = true
                force = true
            } else {
                throw .syntax
            }
        }
        guard !cluster.myself.isMaster else { throw RedisError("ERR You should send CLUSTER FAILOVER to a replica") }
        guard let master = cluster.myself.master else {
            throw RedisError("ERR I'm a replica but my master is unknown to me")
        }
        if !force && (master.isFailed || master.link == nil) {
            throw RedisError("ERR Master is down or failed, please use CLUSTER FAILOVER FORCE")
        }
        cluster.startManualFailover(force: force, takeover: takeover)
        call.reply.ok()
    }

    static func setConfigEpoch(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        let epoch = try call.int(2)
        if epoch < 0 { throw RedisError("ERR Invalid config epoch specified: \(epoch)") }
        if cluster.nodes.count > 1 {
            throw RedisError("ERR The user can assign a config epoch only when the node does not know any other node.")
        }
        if cluster.myself.configEpoch != 0 { throw RedisError("ERR Node config epoch is already non-zero") }
        cluster.myself.configEpoch = UInt64(epoch)
        cluster.log.warning("configEpoch set to \(epoch) via CLUSTER SET-CONFIG-EPOCH")
        if cluster.currentEpoch < UInt64(epoch) { cluster.currentEpoch = UInt64(epoch) }
        cluster.pendingStateUpdate = true
        cluster.pendingSave = true
        call.reply.ok()
    }

    static func bumpEpoch(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        let bumped = cluster.bumpEpochWithoutConsensus()
        call.reply.simpleString("\(bumped ? "BUMPED" : "STILL") \(cluster.myself.configEpoch)")
    }

    static func countFailureReports(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        let n = try ClusterCommands.node(call, cluster, 2)
        let valid = n.validFailureReports(now: call.node.clock(), maxAge: cluster.nodeTimeout * 2)
        call.reply.integer(valid)
    }

    static func saveConfig(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        do {
            try cluster.saveConfig(fsync: true)
        } catch {
            throw RedisError("ERR error saving the cluster node config: \(error)")
        }
        call.reply.ok()
    }
}
