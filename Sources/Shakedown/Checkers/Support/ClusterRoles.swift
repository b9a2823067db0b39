/// Who is what in a cluster snapshot, by harness name: each reachable node's own claim
/// (its `myself` line), and the slot owners the others report for nodes that did not answer.
struct ClusterRoles {
    /// Reachable nodes whose own line says master, with the slots they claim (maybe none).
    var masters: [String: SlotSet] = [:]
    /// Reachable nodes whose own line says replica, with their master's harness name (when known).
    var replicaOf: [String: String] = [:]
    /// Masters with at least one slot, as the cluster counts them for a majority: reachable ones
    /// by their own claim, unreachable ones by what reachable nodes say of them.
    var slotOwners: [String: SlotSet] = [:]
    /// Each node's id at this moment.
    var ids: [String: String] = [:]

    init(snapshot: ClusterSnapshot, names: NodeNames) {
        for view in snapshot.views where view.reachable {
            if let id = view.id ?? view.myself?.id { ids[view.node] = id }
            guard let me = view.myself else { continue }
            if me.isMaster {
                let slots = SlotSet(ranges: me.slots)
                masters[view.node] = slots
                if !slots.isEmpty { slotOwners[view.node] = slots }
            } else if let master = me.master, let name = names.name(ofID: master) {
                replicaOf[view.node] = name
            }
        }
        // Nodes that did not answer still count while the others say they own slots.
        for view in snapshot.views where view.reachable {
            for entry in view.entries where entry.isMaster && !entry.slots.isEmpty && !entry.flags.contains("myself") {
                guard let name = names.name(ofID: entry.id), masters[name] == nil,
                    !snapshot.views.contains(where: { $0.node == name && $0.reachable })
                else { continue }
                slotOwners[name, default: SlotSet()] = slotOwners[name, default: SlotSet()]
                    .union(SlotSet(ranges: entry.slots))
                if ids[name] == nil { ids[name] = entry.id }
            }
            for entry in view.entries where !entry.isMaster && entry.master != nil && !entry.flags.contains("myself") {
                guard let name = names.name(ofID: entry.id), replicaOf[name] == nil, masters[name] == nil,
                    let master = entry.master.flatMap(names.name(ofID:))
                else { continue }
                replicaOf[name] = master
            }
        }
    }

    /// Roles as the topology started them, for faults before the first snapshot. Slots are not
    /// known there: each master counts as owning some.
    init(started: [StartedNode]) {
        for node in started {
            ids[node.name] = node.id
            switch node.role {
            case .master:
                masters[node.name] = SlotSet()
                slotOwners[node.name] = SlotSet()
            case .replica:
                if let master = node.master { replicaOf[node.name] = master }
            }
        }
    }

    func replicas(of master: String) -> [String] {
        replicaOf.filter { $0.value == master }.map(\.key).sorted()
    }
}

/// Maps cluster node ids to harness names across a whole run (a node restarted without its
/// nodes.conf comes back with a new id, still under its harness name).
struct NodeNames {
    private var byID: [String: String] = [:]
    let all: [String]

    init(_ observations: ClusterObservations) {
        var names: [String] = observations.nodes.map(\.name)
        for node in observations.nodes where !node.id.isEmpty { byID[node.id] = node.name }
        for snapshot in observations.snapshots {
            for view in snapshot.views {
                if !names.contains(view.node) { names.append(view.node) }
                if let id = view.id ?? view.myself?.id { byID[id] = view.node }
            }
        }
        all = names
    }

    func name(ofID id: String) -> String? { byID[id] }

    /// The harness name, or a short id for a node the run never named.
    func label(ofID id: String) -> String { byID[id] ?? "node \(id.prefix(8))" }
}

extension ClusterNodesEntry {
    /// `slave` is what Redis prints; `replica` is accepted too.
    var isReplica: Bool { flags.contains("slave") || flags.contains("replica") }
}

extension ClusterObservations {
    /// The last snapshot strictly before `time`.
    func snapshot(before time: Int64) -> ClusterSnapshot? {
        snapshots.last { $0.time < time }
    }
}
