import NIOCore

/// Redis's `clusterCron`, every 100 ms: reconnect links, ping, detect timeouts (PFAIL),
/// drive failovers, refresh the state.
extension Cluster {
    func startCron() {
        cronTask = node.loop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) {
            [self] _ in
            cron()
            beforeSleep()
        }
    }

    func cron() {
        cronIteration += 1
        var now = node.clock()
        let handshakeTimeout = max(nodeTimeout, 1000)
        var updateState = false
        pfailCount = 0
        myself.hostname = settings.announceHostname
        // clusterUpdateMyselfIp: an announced IP is our own address in CLUSTER NODES/SLOTS and
        // MOVED; clearing it goes back to learning the address from MEETs.
        if settings.announceIP != appliedAnnounceIP {
            appliedAnnounceIP = settings.announceIP
            myself.ip = settings.announceIP
        }

        for n in Array(nodes.values) {
            if n.isMyself || !n.hasAddress { continue }
            if n.isTimedOut { pfailCount += 1 }
            if n.inHandshake && now - n.createdAt > handshakeTimeout {
                deleteNode(n)
                continue
            }
            if n.link == nil { bus?.connect(n) }
        }

        if cronIteration % 10 == 0 {
            // Ping, out of five random nodes, the one we heard from least recently.
            let candidates = Array(nodes.values)
            var oldest: ClusterNode?
            for _ in 0..<5 where !candidates.isEmpty {
                let n = candidates[Int.random(in: 0..<candidates.count)]
                if n.link == nil || n.pingSent != 0 || n.isMyself || n.inHandshake { continue }
                if oldest == nil || oldest!.pongReceived > n.pongReceived { oldest = n }
            }
            if let oldest, let link = oldest.link { sendPing(on: link, type: .ping) }
        }

        var orphanedMasters = 0
        var maxReplicas = 0
        var myMastersReplicas = 0
        for n in Array(nodes.values) {
            now = node.clock()
            if n.isMyself || !n.hasAddress || n.inHandshake { continue }
            if myself.isReplica && n.isMaster && !n.isFailed {
                let ok = n.okReplicaCount
                if ok == 0 && n.slotCount > 0 && n.flags.contains(.migrateTo) { orphanedMasters += 1 }
                maxReplicas = max(maxReplicas, ok)
                if myself.master === n { myMastersReplicas = ok }
            }
            let pingDelay = now - n.pingSent
            let dataDelay = now - n.dataReceived
            if let link = n.link, now - link.createdAt > nodeTimeout, n.pingSent != 0,
                pingDelay > nodeTimeout / 2, dataDelay > nodeTimeout / 2
            {
                // Connected but silent: reconnect, maybe the connection is the problem.
                link.close()
            }
            if let link = n.link, n.pingSent == 0, now - n.pongReceived > nodeTimeout / 2 {
                sendPing(on: link, type: .ping)
                continue
            }
            if manualFailoverEnd != 0 && myself.isMaster && manualFailoverReplica === n, let link = n.link {
                sendPing(on: link, type: .ping)
                continue
            }
            if n.pingSent == 0 { continue }
            if min(pingDelay, dataDelay) > nodeTimeout && n.flags.intersection([.pfail, .fail]).isEmpty {
                log.debug("*** NODE \(n.id) possibly failing")
                n.flags.insert(.pfail)
                updateState = true
            }
        }

        if myself.isReplica, let master = myself.master, master.hasAddress, !node.isReplicatingForCluster {
            node.replicateFromClusterMaster(host: master.ip, port: master.port)
        }
        checkManualFailoverTimeout(now: now)
        if myself.isReplica {
            handleManualFailover()
            handleReplicaFailover()
            if orphanedMasters > 0 && maxReplicas >= 2 && myMastersReplicas == maxReplicas
                && settings.allowReplicaMigration
            {
                handleReplicaMigration(maxReplicas: maxReplicas)
            }
        }
        if updateState || state == .fail { self.updateState() }
    }

    /// Redis's `clusterHandleSlaveMigration`: a replica of a well-covered master moves to
    /// an orphaned one.
    private func handleReplicaMigration(maxReplicas: Int) {
        guard state == .ok, let mine = myself.master else { return }
        let ok = mine.okReplicaCount
        if ok <= settings.migrationBarrier { return }
        var target: ClusterNode?
        var candidate = myself
        let now = node.clock()
        for n in nodes.values {
            var okReplicas = 0
            var isOrphaned = true
            if n.isReplica || n.isFailed { isOrphaned = false }
            if !n.flags.contains(.migrateTo) { isOrphaned = false }
            if n.isMaster { okReplicas = n.okReplicaCount }
            if okReplicas > 0 { isOrphaned = false }
            if isOrphaned {
                if target == nil && n.slotCount > 0 { target = n }
                if n.orphanedTime == 0 { n.orphanedTime = now }
            } else {
                n.orphanedTime = 0
            }
            if okReplicas == maxReplicas {
                for r in n.replicas where r.id < candidate.id { candidate = r }
            }
        }
        if let target, candidate === myself, now - target.orphanedTime > Cluster.replicaMigrationDelay,
            !node.isPausedForFailover
        {
            log.warning("Migrating to orphaned master \(target.id)")
            becomeReplica(of: target)
        }
    }

    static let replicaMigrationDelay: Int64 = 5000
}
