/// `cluster_state` (Redis's `clusterUpdateState`) and the start-up check of loaded data
/// against the slot table (`verifyClusterConfigWithData`).
extension Cluster {
    /// A master that restarts waits this long before serving: time for the cluster to tell
    /// it that it was failed over.
    static let writableDelay: Int64 = 2000
    static let minRejoinDelay: Int64 = 500
    static let maxRejoinDelay: Int64 = 5000

    func updateState() {
        let now = node.clock()
        if firstStateCall == 0 { firstStateCall = now }
        if myself.isMaster && state == .fail && now - firstStateCall < Cluster.writableDelay { return }

        var newState = State.ok
        if settings.requireFullCoverage {
            for owner in slots where owner == nil || owner!.isFailed {
                newState = .fail
                break
            }
        }
        var reachable = 0
        size = 0
        for n in nodes.values where n.isMaster && n.slotCount > 0 {
            size += 1
            if !n.isFailed && !n.isTimedOut { reachable += 1 }
        }
        if reachable < size / 2 + 1 {
            newState = .fail
            amongMinoritySince = now
        }
        guard newState != state else { return }
        let rejoinDelay = min(max(nodeTimeout, Cluster.minRejoinDelay), Cluster.maxRejoinDelay)
        if newState == .ok && myself.isMaster && now - amongMinoritySince < rejoinDelay { return }
        log.warning("Cluster state changed: \(newState.rawValue)")
        state = newState
        lastStateChange = now
    }

    /// Keys loaded from disk against the slot table: keys in slots nobody serves are
    /// claimed, keys in slots others serve mark the slot importing. Throws (the node must
    /// not start) when a database other than 0 holds keys.
    func verifyConfigWithData() throws(ClusterStartupError) {
        if node.databases.dropFirst().contains(where: { $0.count > 0 }) {
            throw ClusterStartupError("You can't have keys in a DB different than DB 0 when in Cluster mode. Exiting.")
        }
        if myself.isReplica { return }
        var changed = false
        for slot in keyIndex.nonEmptySlots {
            if slots[slot] === myself || importingFrom[slot] != nil { continue }
            changed = true
            if let owner = slots[slot] {
                log.warning(
                    "I have keys for slot \(slot), but the slot is assigned to another node. Setting it to importing state."
                )
                importingFrom[slot] = owner
            } else {
                log.warning("I have keys for unassigned slot \(slot). Taking responsibility for it.")
                assign(slot, to: myself)
            }
        }
        if changed { saveConfigOrDie(fsync: false) }
    }
}

struct ClusterStartupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
