import NIOCore
import RESP

/// CLUSTER ADDSLOTS, DELSLOTS (and their RANGE forms), FLUSHSLOTS, SETSLOT, KEYSLOT,
/// COUNTKEYSINSLOT, GETKEYSINSLOT.
enum ClusterSlotCommands {
    static func addSlots(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        try updateSlots(&call, cluster, ranges: singles(call), delete: false)
    }

    static func delSlots(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        try updateSlots(&call, cluster, ranges: singles(call), delete: true)
    }

    static func addSlotsRange(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        try updateSlots(&call, cluster, ranges: pairs(call), delete: false)
    }

    static func delSlotsRange(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        try updateSlots(&call, cluster, ranges: pairs(call), delete: true)
    }

    /// Every argument parses before any is checked against the slot table (as Redis).
    private static func singles(_ call: Call) throws(RedisError) -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        for i in 2..<call.count {
            let s = try ClusterCommands.slot(call, i)
            out.append(s...s)
        }
        return out
    }

    private static func pairs(_ call: Call) throws(RedisError) -> [ClosedRange<Int>] {
        guard call.count % 2 == 0 else { throw .wrongArity(call.spec.fullName) }
        var out: [ClosedRange<Int>] = []
        var i = 2
        while i < call.count {
            let start = try ClusterCommands.slot(call, i)
            let end = try ClusterCommands.slot(call, i + 1)
            guard start <= end else {
                throw RedisError("ERR start slot number \(start) is greater than end slot number \(end)")
            }
            out.append(start...end)
            i += 2
        }
        return out
    }

    /// `checkSlotAssignmentsOrReply` + `clusterUpdateSlots`.
    private static func updateSlots(
        _ call: inout Call, _ cluster: Cluster, ranges: [ClosedRange<Int>], delete: Bool
    ) throws(RedisError) {
        var seen = [Bool](repeating: false, count: Cluster.slotCount)
        for range in ranges {
            for slot in range {
                if delete && cluster.slots[slot] == nil {
                    throw RedisError("ERR Slot \(slot) is already unassigned")
                } else if !delete && cluster.slots[slot] != nil {
                    throw RedisError("ERR Slot \(slot) is already busy")
                }
                if seen[slot] { throw RedisError("ERR Slot \(slot) specified multiple times") }
                seen[slot] = true
            }
        }
        for slot in 0..<Cluster.slotCount where seen[slot] {
            cluster.importingFrom[slot] = nil
            if delete { cluster.unassign(slot) } else { cluster.assign(slot, to: cluster.myself) }
        }
        cluster.pendingStateUpdate = true
        cluster.pendingSave = true
        call.reply.ok()
    }

    static func flushSlots(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        guard call.node.databases[0].count == 0 else {
            throw RedisError("ERR DB must be empty to perform CLUSTER FLUSHSLOTS.")
        }
        for slot in 0..<Cluster.slotCount where cluster.slots[slot] === cluster.myself { cluster.unassign(slot) }
        cluster.pendingStateUpdate = true
        cluster.pendingSave = true
        call.reply.ok()
    }

    static func setSlot(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        guard !cluster.myself.isReplica else { throw RedisError("ERR Please use SETSLOT only with masters.") }
        let slot = try ClusterCommands.slot(call, 2)
        if call.keyword(3, "migrating") && call.count == 5 {
            guard cluster.slots[slot] === cluster.myself else {
                throw RedisError("ERR I'm not the owner of hash slot \(slot)")
            }
            let n = try ClusterCommands.node(call, cluster, 4, unknown: "I don't know about node")
            guard !n.isReplica else { throw RedisError("ERR Target node is not a master") }
            cluster.migratingTo[slot] = n
        } else if call.keyword(3, "importing") && call.count == 5 {
            guard cluster.slots[slot] !== cluster.myself else {
                throw RedisError("ERR I'm already the owner of hash slot \(slot)")
            }
            let n = try ClusterCommands.node(call, cluster, 4, unknown: "I don't know about node")
            guard !n.isReplica else { throw RedisError("ERR Target node is not a master") }
            cluster.importingFrom[slot] = n
        } else if call.keyword(3, "stable") && call.count == 4 {
            cluster.importingFrom[slot] = nil
            cluster.migratingTo[slot] = nil
        } else if call.keyword(3, "node") && call.count == 5 {
            let n = try ClusterCommands.node(call, cluster, 4)
            guard !n.isReplica else { throw RedisError("ERR Target node is not a master") }
            try cluster.setSlot(slot, to: n)
        } else {
            throw RedisError("ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP")
        }
        cluster.pendingSave = true
        cluster.pendingStateUpdate = true
        call.reply.ok()
    }

    static func keySlot(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        call.reply.integer(KeySlot.slot(for: call.args[2]))
    }

    static func countKeysInSlot(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        let slot = try call.int(2)
        guard slot >= 0 && slot < Int64(Cluster.slotCount) else { throw RedisError("ERR Invalid slot") }
        call.reply.integer(cluster.keyIndex.count(in: Int(slot)))
    }

    static func getKeysInSlot(_ call: inout Call, _ cluster: Cluster) throws(RedisError) {
        let slot = try call.int(2)
        let limit = try call.int(3)
        guard slot >= 0 && slot < Int64(Cluster.slotCount) && limit >= 0 else {
            throw RedisError("ERR Invalid slot or number of keys")
        }
        let keys = cluster.keyIndex.keys(in: Int(slot), limit: Int(min(limit, Int64(Int32.max))))
        call.reply.arrayHeader(keys.count)
        for k in keys { call.reply.bulk(k) }
    }
}

extension Cluster {
    /// CLUSTER SETSLOT <slot> NODE <id>.
    func setSlot(_ slot: Int, to n: ClusterNode) throws(RedisError) {
        if slots[slot] === myself && n !== myself && keyIndex.count(in: slot) != 0 {
            throw RedisError(
                "ERR Can't assign hashslot \(slot) to a different node while I still hold keys for this hash slot.")
        }
        if keyIndex.count(in: slot) == 0 { migratingTo[slot] = nil }
        let wasMine = slots[slot] === myself
        unassign(slot)
        assign(slot, to: n)
        if wasMine && n !== myself && myself.slotCount == 0 && settings.allowReplicaMigration {
            log.warning("Configuration change detected. Reconfiguring myself as a replica of \(n.id)")
            becomeReplica(of: n)
            pendingFsync = true
        }
        if n === myself && importingFrom[slot] != nil {
            if bumpEpochWithoutConsensus() {
                log.warning("configEpoch updated after importing slot \(slot)")
            }
            importingFrom[slot] = nil
            broadcastPong(.all)
        }
    }
}
