/// Changes of membership and roles: MEET handshakes, slot rebinding from gossip, epoch
/// collisions, becoming a replica, RESET.
extension Cluster {
    /// Redis's `clusterStartHandshake`: false for an invalid address.
    @discardableResult
    func startHandshake(ip: String, port: Int, busPort: Int) -> Bool {
        guard let normalized = Cluster.normalizeIP(ip) else { return false }
        guard port > 0 && port <= 65535 && busPort > 0 && busPort <= 65535 else { return false }
        if nodes.values.contains(where: { $0.inHandshake && $0.ip == normalized && $0.port == port && $0.busPort == busPort }) {
            return true  // One in progress already (Redis replies OK as well).
        }
        let n = ClusterNode(id: .random(), flags: [.handshake, .meet], now: node.clock())
        n.ip = normalized
        n.port = port
        n.busPort = busPort
        addNode(n)
        return true
    }

    /// inet_pton then inet_ntop: the canonical text of an IPv4 or IPv6 address, or nil.
    static func normalizeIP(_ ip: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, ip, &v4) == 1 {
            var buf = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            guard inet_ntop(AF_INET, &v4, &buf, socklen_t(buf.count)) != nil else { return nil }
            return cText(buf)
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, ip, &v6) == 1 {
            var buf = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            guard inet_ntop(AF_INET6, &v6, &buf, socklen_t(buf.count)) != nil else { return nil }
            return cText(buf)
        }
        return nil
    }

    private static func cText(_ buf: [CChar]) -> String {
        String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Redis's `clusterUpdateSlotsConfigWith`: slots `n` claims under `configEpoch` are
    /// rebound to it when unowned or owned under an older epoch; if that leaves our shard
    /// without slots, we follow the new owner.
    func updateSlots(of sender: ClusterNode, configEpoch: UInt64, claimed: SlotBitmap) {
        if sender === myself {
            log.warning("Discarding UPDATE message about myself.")
            return
        }
        guard let current = myself.isMaster ? myself : myself.master else { return }
        var newMaster: ClusterNode?
        var dirty: [Int] = []
        var senderSlots = 0
        var migratedOurSlots = 0
        for slot in 0..<Cluster.slotCount {
            if claimed.contains(slot) {
                senderSlots += 1
                if slots[slot] === sender {
                    ownerNotClaiming.remove(slot)
                    continue
                }
                if importingFrom[slot] != nil { continue }
                let unclaimed = slots[slot] == nil || ownerNotClaiming.contains(slot)
                if unclaimed || slots[slot]!.configEpoch < configEpoch {
                    if slots[slot] === myself && keyIndex.count(in: slot) > 0 { dirty.append(slot) }
                    if slots[slot] === current {
                        newMaster = sender
                        migratedOurSlots += 1
                    }
                    unassign(slot)
                    assign(slot, to: sender)
                    ownerNotClaiming.remove(slot)
                    pendingSave = true
                    pendingFsync = true
                    pendingStateUpdate = true
                }
            } else if slots[slot] === sender {
                ownerNotClaiming.insert(slot)
            }
        }
        if let newMaster, current.slotCount == 0,
            settings.allowReplicaMigration || senderSlots == migratedOurSlots
        {
            log.warning("Configuration change detected. Reconfiguring myself as a replica of \(newMaster.id)")
            becomeReplica(of: newMaster)
            pendingSave = true
            pendingFsync = true
            pendingStateUpdate = true
        } else if let master = myself.master, let grand = master.master, grand !== myself {
            log.warning("I'm a sub-replica! Reconfiguring myself as a replica of grandmaster \(grand.id)")
            becomeReplica(of: grand)
            pendingSave = true
            pendingFsync = true
            pendingStateUpdate = true
        } else if !dirty.isEmpty {
            for slot in dirty { node.deleteKeys(inSlot: slot) }
        }
    }

    /// Redis's `clusterHandleConfigEpochCollision`: of two masters with the same epoch,
    /// the one with the smaller id takes a new one.
    func handleConfigEpochCollision(with sender: ClusterNode) {
        guard sender.configEpoch == myself.configEpoch, sender.isMaster, myself.isMaster else { return }
        guard sender.id > myself.id else { return }
        currentEpoch += 1
        myself.configEpoch = currentEpoch
        saveConfigOrDie(fsync: true)
        log.verbose("WARNING: configEpoch collision with node \(sender.id). configEpoch set to \(myself.configEpoch)")
    }

    /// Redis's `clusterSetMaster`: replicate `master` (we hold no slots).
    func becomeReplica(of master: ClusterNode) {
        if myself.isMaster {
            myself.flags.remove([.master, .migrateTo])
            myself.flags.insert(.slave)
            migratingTo.removeAll()
            importingFrom.removeAll()
        }
        setMaster(of: myself, to: master)
        node.replicateFromClusterMaster(host: master.ip, port: master.port)
        resetManualFailover()
    }

    /// CLUSTER RESET: forget everyone, drop slots; HARD also takes a new id and epoch 0.
    func reset(hard: Bool) {
        if myself.isReplica {
            setAsMaster(myself)
            node.stopReplicatingForCluster()
            node.emptyAllDatabases()
        }
        migratingTo.removeAll()
        importingFrom.removeAll()
        resetManualFailover()
        for slot in 0..<Cluster.slotCount { unassign(slot) }
        for n in Array(nodes.values) where n !== myself { deleteNode(n) }
        if hard {
            currentEpoch = 0
            lastVoteEpoch = 0
            myself.configEpoch = 0
            log.warning("configEpoch set to 0 via CLUSTER RESET HARD")
            rename(myself, to: .random())
            log.notice("Node hard reset, now I'm \(myself.id)")
        }
        pendingSave = true
        pendingFsync = true
        pendingStateUpdate = true
    }
}

#if canImport(Glibc)
import Glibc
#endif
