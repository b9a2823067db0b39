/// Replica promotion: the election a replica runs when its master is FAIL (or on CLUSTER
/// FAILOVER), the votes masters give, and the takeover (Redis's
/// `clusterHandleSlaveFailover`, `clusterSendFailoverAuthIfNeeded`,
/// `clusterFailoverReplaceYourMaster`, manual failover).
extension Cluster {
    static let manualFailoverTimeout: Int64 = 5000

    /// A master's vote for `candidate`.
    func voteIfNeeded(for candidate: ClusterNode, request m: ClusterMessage, now: Int64) {
        guard myself.isMaster, myself.slotCount > 0 else { return }
        if m.currentEpoch < currentEpoch {
            log.warning(
                "Failover auth denied to \(candidate.id): reqEpoch (\(m.currentEpoch)) < curEpoch(\(currentEpoch))")
            return
        }
        if lastVoteEpoch == currentEpoch {
            log.warning("Failover auth denied to \(candidate.id): already voted for epoch \(currentEpoch)")
            return
        }
        let force = m.messageFlags.contains(.forceAck)
        guard candidate.isReplica, let master = candidate.master, master.isFailed || force else {
            if candidate.isMaster {
                log.warning("Failover auth denied to \(candidate.id): it is a master node")
            } else if candidate.master == nil {
                log.warning("Failover auth denied to \(candidate.id): I don't know its master")
            } else {
                log.warning("Failover auth denied to \(candidate.id): its master is up")
            }
            return
        }
        if now - master.votedTime < nodeTimeout * 2 {
            log.warning(
                "Failover auth denied to \(candidate.id): can't vote about this master before \(nodeTimeout * 2 - (now - master.votedTime)) milliseconds"
            )
            return
        }
        for slot in m.slots {
            guard let owner = slots[slot], !ownerNotClaiming.contains(slot), owner.configEpoch > m.configEpoch else {
                continue
            }
            log.warning(
                "Failover auth denied to \(candidate.id): slot \(slot) epoch (\(owner.configEpoch)) > reqEpoch (\(m.configEpoch))"
            )
            return
        }
        lastVoteEpoch = currentEpoch
        master.votedTime = now
        // The vote must be on disk before it is sent: one vote per epoch, even across a crash.
        saveConfigOrDie(fsync: true)
        sendFailoverAuth(to: candidate)
        log.warning("Failover auth granted to \(candidate.id) for epoch \(currentEpoch)")
    }

    /// Replicas of our master (that may fail over) with a greater offset than ours.
    func replicaRank() -> Int {
        guard let master = myself.master else { return 0 }
        let mine = advertisedOffset
        return master.replicas.filter { $0 !== myself && !$0.flags.contains(.nofailover) && $0.replOffset > mine }.count
    }

    func handleReplicaFailover() {
        let now = node.clock()
        let authAge = now - failoverAuthTime
        let quorum = size / 2 + 1
        let manual = manualFailoverEnd != 0 && manualFailoverCanStart
        let authTimeout = max(nodeTimeout * 2, 2000)
        let authRetry = authTimeout * 2

        guard myself.isReplica, let master = myself.master, master.isFailed || manual,
            !settings.replicaNoFailover || manual, master.slotCount > 0
        else {
            cantFailoverReason = .none
            return
        }
        var dataAge = node.millisecondsSinceMasterInteraction(now: now)
        if dataAge > nodeTimeout { dataAge -= nodeTimeout }
        if settings.replicaValidityFactor > 0
            && dataAge > Int64(node.replicaPingPeriodSeconds) * 1000 + nodeTimeout * Int64(settings.replicaValidityFactor)
            && !manual
        {
            logCantFailover(.dataAge, now: now)
            return
        }
        if authAge > authRetry {
            failoverAuthTime = now + 500 + Int64.random(in: 0..<500)
            failoverAuthCount = 0
            failoverAuthSent = false
            failoverAuthRank = replicaRank()
            failoverAuthTime += Int64(failoverAuthRank) * 1000
            if manualFailoverEnd != 0 {
                failoverAuthTime = now
                failoverAuthRank = 0
            }
            log.warning(
                "Start of election delayed for \(failoverAuthTime - now) milliseconds (rank #\(failoverAuthRank), offset \(advertisedOffset))."
            )
            broadcastPong(.localReplicas)
            if manualFailoverEnd != 0 { node.loop.execute { [self] in handleReplicaFailover(); beforeSleep() } }
            return
        }
        if !failoverAuthSent && manualFailoverEnd == 0 {
            let rank = replicaRank()
            if rank > failoverAuthRank {
                let added = Int64(rank - failoverAuthRank) * 1000
                failoverAuthTime += added
                failoverAuthRank = rank
                log.warning("Replica rank updated to #\(rank), added \(added) milliseconds of delay.")
            }
        }
        if now < failoverAuthTime {
            logCantFailover(.waitingDelay, now: now)
            return
        }
        if authAge > authTimeout {
            logCantFailover(.expired, now: now)
            return
        }
        if !failoverAuthSent {
            currentEpoch += 1
            failoverAuthEpoch = currentEpoch
            log.warning("Starting a failover election for epoch \(currentEpoch).")
            requestFailoverAuth()
            failoverAuthSent = true
            pendingSave = true
            pendingFsync = true
            pendingStateUpdate = true
            return
        }
        if failoverAuthCount >= quorum {
            log.warning("Failover election won: I'm the new master.")
            if myself.configEpoch < failoverAuthEpoch {
                myself.configEpoch = failoverAuthEpoch
                log.warning("configEpoch set to \(myself.configEpoch) after successful failover")
            }
            replaceMaster()
        } else {
            logCantFailover(.waitingVotes, now: now)
        }
    }

    /// Take the old master's slots and tell everyone.
    func replaceMaster() {
        guard myself.isReplica, let old = myself.master else { return }
        setAsMaster(myself)
        node.stopReplicatingForCluster()
        for slot in old.slots {
            unassign(slot)
            assign(slot, to: myself)
        }
        updateState()
        saveConfigOrDie(fsync: true)
        broadcastPong(.all)
        resetManualFailover()
    }

    private func logCantFailover(_ reason: CantFailoverReason, now: Int64) {
        if reason == cantFailoverReason && now - lastCantFailoverLog < 10_000 { return }
        cantFailoverReason = reason
        if let master = myself.master, master.isFailed, now - master.failTime < nodeTimeout + 5000 { return }
        let text: String
        switch reason {
        case .dataAge:
            text =
                "Disconnected from master for longer than allowed. Please check the 'cluster-replica-validity-factor' configuration option."
        case .waitingDelay: text = "Waiting the delay before I can start a new failover."
        case .expired: text = "Failover attempt expired."
        case .waitingVotes: text = "Waiting for votes, but majority still not reached."
        case .none: text = "Unknown reason code."
        }
        lastCantFailoverLog = now
        log.warning("Currently unable to failover: \(text)")
    }

    // MARK: Manual failover

    func startManualFailover(force: Bool, takeover: Bool) {
        resetManualFailover()
        manualFailoverEnd = node.clock() + Cluster.manualFailoverTimeout
        if takeover {
            log.warning("Taking over the master (user request).")
            bumpEpochWithoutConsensus()
            replaceMaster()
        } else if force {
            log.warning("Forced failover user request accepted.")
            manualFailoverCanStart = true
        } else if let master = myself.master {
            log.warning("Manual failover user request accepted.")
            sendManualFailoverStart(to: master)
        }
    }

    func resetManualFailover() {
        if manualFailoverReplica != nil { node.pauseWrites(until: 0) }
        manualFailoverEnd = 0
        manualFailoverCanStart = false
        manualFailoverReplica = nil
        manualFailoverMasterOffset = -1
    }

    /// The replica side: once our offset reaches the paused master's, the election can start.
    func handleManualFailover() {
        guard manualFailoverEnd != 0, !manualFailoverCanStart, manualFailoverMasterOffset != -1 else { return }
        if manualFailoverMasterOffset == advertisedOffset {
            manualFailoverCanStart = true
            log.warning("All master replication stream processed, manual failover can start.")
            handleReplicaFailover()
        }
    }

    func checkManualFailoverTimeout(now: Int64) {
        if manualFailoverEnd != 0 && manualFailoverEnd < now {
            log.warning("Manual failover timed out.")
            resetManualFailover()
        }
    }
}
