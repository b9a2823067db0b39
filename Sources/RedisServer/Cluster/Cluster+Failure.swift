/// Failure detection: PFAIL is this node's own opinion (set by the cron), FAIL needs
/// reports from a majority of slot-owning masters within twice the node timeout.
extension Cluster {
    /// Redis's `markNodeAsFailingIfNeeded`.
    func markFailingIfNeeded(_ n: ClusterNode) {
        guard n.isTimedOut, !n.isFailed else { return }
        let now = node.clock()
        var failures = n.validFailureReports(now: now, maxAge: nodeTimeout * 2)
        if myself.isMaster { failures += 1 }
        guard failures >= size / 2 + 1 else { return }
        log.notice("Marking node \(n.id) as failing (quorum reached).")
        n.flags.remove(.pfail)
        n.flags.insert(.fail)
        n.failTime = now
        // Replicas broadcast too: the reports came from masters anyway.
        sendFail(about: n.id)
        pendingStateUpdate = true
        pendingSave = true
    }

    /// Redis's `clearNodeFailureIfNeeded`: a reachable replica or slot-less master is
    /// cleared at once; a master with slots only if nobody took them over in 2 x timeout.
    func clearFailureIfNeeded(_ n: ClusterNode, now: Int64) {
        guard n.isFailed else { return }
        if n.isReplica || n.slotCount == 0 {
            log.notice(
                "Clear FAIL state for node \(n.id): \(n.isReplica ? "replica" : "master without slots") is reachable again.")
            n.flags.remove(.fail)
            pendingStateUpdate = true
            pendingSave = true
        }
        if n.isMaster && n.slotCount > 0 && now - n.failTime > nodeTimeout * 2 {
            log.notice(
                "Clear FAIL state for node \(n.id): is reachable again and nobody is serving its slots after some time.")
            n.flags.remove(.fail)
            pendingStateUpdate = true
            pendingSave = true
        }
    }
}
