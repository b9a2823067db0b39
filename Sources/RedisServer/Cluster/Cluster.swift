import Logging
import NIOCore

/// Cluster mode of a node (Redis's `clusterState` plus the code around it): who is in the
/// cluster, who serves which slot, the epochs, the bus, failure detection and failover.
/// Like the rest of the node it lives on the node's event loop.
final class Cluster: @unchecked Sendable {
    static let slotCount = KeySlot.count

    enum State: String { case ok, fail }

    unowned let node: RedisNode
    var settings: ClusterSettings { node.config.cluster }
    var log: Logger { node.log }

    var myself: ClusterNode
    var currentEpoch: UInt64 = 0
    var lastVoteEpoch: UInt64 = 0
    var state = State.fail
    /// Masters serving at least one slot (the quorum base).
    var size = 0
    var nodes: [ClusterNodeID: ClusterNode] = [:]
    /// Nodes removed with CLUSTER FORGET, and until when they may not be re-added.
    var blacklist: [ClusterNodeID: Int64] = [:]
    var slots = [ClusterNode?](repeating: nil, count: Cluster.slotCount)
    var migratingTo = [Int: ClusterNode]()
    var importingFrom = [Int: ClusterNode]()
    /// Keys per slot (GETKEYSINSLOT, COUNTKEYSINSLOT, the stale-data check at start).
    let keyIndex = SlotKeyIndex()

    // Replica election (clusterHandleSlaveFailover).
    var failoverAuthTime: Int64 = 0
    var failoverAuthCount = 0
    var failoverAuthSent = false
    var failoverAuthRank = 0
    var failoverAuthEpoch: UInt64 = 0
    var cantFailoverReason = CantFailoverReason.none
    var lastCantFailoverLog: Int64 = 0

    // Manual failover (CLUSTER FAILOVER): as the replica, and as the master being replaced.
    var manualFailoverEnd: Int64 = 0
    var manualFailoverReplica: ClusterNode?
    var manualFailoverMasterOffset: Int64 = -1
    var manualFailoverCanStart = false

    // State bookkeeping (clusterUpdateState).
    var amongMinoritySince: Int64 = 0
    var firstStateCall: Int64 = 0
    var lastStateChange: Int64 = 0

    /// Work deferred to the end of the event (Redis's `clusterDoBeforeSleep` flags).
    var pendingSave = false
    var pendingFsync = false
    var pendingStateUpdate = false

    var stats = BusStats()
    var bus: ClusterBus?
    var cronTask: RepeatedTask?
    var cronIteration = 0
    /// The cluster-announce-ip last copied into `myself` (Redis's `prev_ip`).
    var appliedAnnounceIP = ""
    /// Counts PINGs built, so that one PING does not gossip about a node twice.
    var pingRound: UInt64 = 0
    /// Masters and nodes in PFAIL, recounted by each cron run (PFAIL nodes ride every ping).
    var pfailCount = 0
    /// Slots whose owner stopped claiming them (kept bound to it, never told to others).
    var ownerNotClaiming = SlotBitmap()
    var configPath: String

    init(node: RedisNode) {
        self.node = node
        let now = node.clock()
        self.myself = ClusterNode(id: .random(), flags: [.myself, .master], now: now)
        self.configPath = Cluster.resolve(node.config.cluster.configFile, in: node.config.dir)
        addNode(myself)
    }

    static func resolve(_ file: String, in dir: String) -> String {
        if file.hasPrefix("/") || dir.isEmpty { return file }
        return dir.hasSuffix("/") ? dir + file : dir + "/" + file
    }

    var nodeTimeout: Int64 { Int64(settings.nodeTimeout) }

    // MARK: Nodes

    func addNode(_ n: ClusterNode) {
        nodes[n.id] = n
    }

    func lookup(_ id: ClusterNodeID) -> ClusterNode? { nodes[id] }

    /// Bus connections, both directions (INFO's `cluster_connections`).
    var linkCount: Int { nodes.values.reduce(0) { $0 + ($1.link != nil ? 1 : 0) + ($1.inboundLink != nil ? 1 : 0) } }

    /// Redis's `clusterDelNode`: drop it from slots, reports, links and the table.
    func deleteNode(_ n: ClusterNode) {
        for slot in 0..<Cluster.slotCount {
            if importingFrom[slot] === n { importingFrom[slot] = nil }
            if migratingTo[slot] === n { migratingTo[slot] = nil }
            if slots[slot] === n { slots[slot] = nil; n.removeSlot(slot) }
        }
        for other in nodes.values where other !== n { other.removeFailureReport(from: n) }
        n.master?.removeReplica(n)
        for r in n.replicas where r.master === n { r.master = nil }
        n.link?.close()
        n.inboundLink?.close()
        n.link = nil
        n.inboundLink = nil
        nodes[n.id] = nil
    }

    /// A node learned in handshake gets its real id once it answers (clusterRenameNode).
    func rename(_ n: ClusterNode, to id: ClusterNodeID) {
        nodes[n.id] = nil
        n.id = id
        nodes[id] = n
    }

    // MARK: Slots

    @discardableResult
    func assign(_ slot: Int, to n: ClusterNode) -> Bool {
        guard slots[slot] == nil else { return false }
        n.addSlot(slot)
        slots[slot] = n
        return true
    }

    @discardableResult
    func unassign(_ slot: Int) -> Bool {
        guard let owner = slots[slot] else { return false }
        owner.removeSlot(slot)
        slots[slot] = nil
        return true
    }

    /// Redis's `clusterSetNodeAsMaster`.
    func setAsMaster(_ n: ClusterNode) {
        if n.isMaster && !n.isReplica { return }
        if let old = n.master {
            old.removeReplica(n)
            // A promoted replica is a master that may deserve a migrated replica later.
            if n !== myself { n.flags.insert(.migrateTo) }
        }
        n.master = nil
        n.flags.remove(.slave)
        n.flags.insert(.master)
        pendingSave = true
        pendingStateUpdate = true
    }

    func setMaster(of n: ClusterNode, to master: ClusterNode) {
        if n.master !== master { n.master?.removeReplica(n) }
        n.flags.remove(.master)
        n.flags.insert(.slave)
        n.master = master
        master.addReplica(n)
        // A master that had replicas becomes a target for replica migration when orphaned.
        master.flags.insert(.migrateTo)
    }

    /// Redis's `clusterGetMaxEpoch`.
    var maxEpoch: UInt64 {
        nodes.values.reduce(currentEpoch) { max($0, $1.configEpoch) }
    }

    /// `clusterBumpConfigEpochWithoutConsensus`: take a new epoch if ours is 0 or not the
    /// highest. Returns true if it changed.
    @discardableResult
    func bumpEpochWithoutConsensus() -> Bool {
        let maxEpoch = self.maxEpoch
        if myself.configEpoch == 0 || myself.configEpoch != maxEpoch {
            currentEpoch += 1
            myself.configEpoch = currentEpoch
            pendingSave = true
            pendingFsync = true
            log.notice("New configEpoch set to \(myself.configEpoch)")
            return true
        }
        return false
    }

    /// Runs at the end of every event that may have changed the cluster state.
    func beforeSleep() {
        if pendingStateUpdate {
            pendingStateUpdate = false
            updateState()
        }
        if pendingSave {
            let fsync = pendingFsync
            pendingSave = false
            pendingFsync = false
            saveConfigOrDie(fsync: fsync)
        }
    }
}

enum CantFailoverReason: Equatable {
    case none, dataAge, waitingDelay, expired, waitingVotes
}

struct BusStats {
    var sent = [Int](repeating: 0, count: ClusterMessageType.knownCount)
    var received = [Int](repeating: 0, count: ClusterMessageType.knownCount)
}
