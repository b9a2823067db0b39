/// `stale-node`: a node restarted from a stale RDB is seen for what it is.
///
/// Without its nodes.conf (`nodes-conf=missing` in the restart's detail) it comes back as a
/// new node: a new id, claiming the slots its keys hash to, knowing only itself; no other node
/// accepts it, and the others keep those slots with their owners. With its nodes.conf kept, it
/// keeps its id, and slots that were failed over while it was down (to a master with a higher
/// configEpoch) are not given back to it: it ends a replica or a master without them.
///
/// Suite settings: `nodes-conf: missing | kept` overrides what the restart events say.
public struct StaleNodeChecker: Checker {
    public static let name = "stale-node"

    public enum NodesConf: String, Sendable, CaseIterable {
        case missing, kept
    }

    public var nodesConf: NodesConf?

    public init(nodesConf: NodesConf? = nil) {
        self.nodesConf = nodesConf
    }

    public init(parameters: Parameters) throws {
        nodesConf = try parameters.choice("nodes-conf", among: NodesConf.allCases.map(\.rawValue))
            .flatMap(NodesConf.init(rawValue:))
        try parameters.finish()
    }

    public func check(_ context: CheckContext) -> CheckResult {
        timed { judge(context) }
    }

    func judge(_ context: CheckContext) -> CheckResult {
        let faults = FaultEvent.all(in: context.history)
        let restarts = faults.filter { $0.f == "restart" && $0.detail.contains("stale-rdb") }
        guard !restarts.isEmpty else {
            return CheckResult(check: Self.name, validity: .unknown, message: "no restart from a stale RDB in the history")
        }
        guard !context.cluster.snapshots.isEmpty else {
            return CheckResult(
                check: Self.name, validity: .unknown, message: "no cluster snapshots to see the restarted nodes in",
                evidence: restarts.map(\.index))
        }
        let names = NodeNames(context.cluster)
        var findings = Findings()
        var judged = 0
        for restart in restarts {
            let mode = nodesConf ?? (restart.detail.contains("nodes-conf=kept") ? .kept : .missing)
            for node in restart.nodes {
                let nextRestart = faults.first { $0.f == "restart" && $0.time > restart.time && $0.nodes.contains(node) }
                let window = context.cluster.snapshots.filter {
                    $0.time > restart.time && $0.time < (nextRestart?.time ?? .max)
                }
                let seen = window.filter { $0.view(of: node)?.reachable == true }
                guard !seen.isEmpty else {
                    findings.unknowns.append("\(node) never answered after \(restart.text)")
                    continue
                }
                judged += 1
                let stale = StaleNode(
                    node: node, restart: restart, observations: context.cluster, names: names, seen: seen)
                switch mode {
                case .missing: stale.judgeWithoutNodesConf(into: &findings)
                case .kept: stale.judgeWithNodesConf(into: &findings)
                }
            }
        }
        return findings.result(
            check: Self.name, valid: "\(CheckText.plural(judged, "stale restart")) seen for what they are")
    }
}

/// One node restarted from a stale RDB, and the snapshots in which it answered afterwards.
struct StaleNode {
    let node: String
    let restart: FaultEvent
    let observations: ClusterObservations
    let names: NodeNames
    let seen: [ClusterSnapshot]

    /// Its last own view before the restart (before it went down, when it was killed first).
    var before: NodeView? {
        observations.snapshots.last { $0.time < restart.time && $0.view(of: node)?.reachable == true }?.view(of: node)
    }

    var startedID: String? { observations.nodes.first { $0.name == node }?.id }

    func judgeWithoutNodesConf(into findings: inout Findings) {
        let oldIDs = Set([startedID, before?.id ?? before?.myself?.id].compactMap { $0 })
        var reported: Set<String> = []
        func fail(_ kind: String, _ text: String, _ snapshot: ClusterSnapshot) {
            guard reported.insert(kind).inserted else { return }
            findings.failures.append("\(node) (restarted without nodes.conf at \(CheckText.seconds(restart.time))): \(text) at \(CheckText.seconds(snapshot.time))")
            findings.evidence.append(restart.index)
        }
        for snapshot in seen {
            guard let view = snapshot.view(of: node), let id = view.id ?? view.myself?.id else { continue }
            if oldIDs.contains(id) { fail("id", "kept its id \(id.prefix(8)) instead of starting as a new node", snapshot) }
            let claimed = view.myself.map { $0.isMaster ? SlotSet(ranges: $0.slots) : SlotSet() } ?? SlotSet()
            if claimed.isEmpty { fail("slots", "claims no slots (the keys of its stale RDB should make it claim theirs)", snapshot) }
            if let known = view.knownNodes, known != 1 {
                fail("known", "knows \(known) nodes: it rejoined the cluster instead of standing alone", snapshot)
            }
            for other in snapshot.views where other.reachable && other.node != node {
                if other.entries.contains(where: { $0.id == id }) {
                    fail("accepted-\(other.node)", "\(other.node) accepted it (lists its new id \(id.prefix(8)))", snapshot)
                }
                guard !claimed.isEmpty else { continue }
                var owned = SlotSet()
                for entry in other.entries where entry.isMaster && entry.id != id {
                    owned = owned.union(SlotSet(ranges: entry.slots))
                }
                let lost = claimed.subtracting(owned)
                if !lost.isEmpty {
                    fail(
                        "owners-\(other.node)",
                        "in \(other.node)'s view slots \(lost) it claims have no other owner: the stale view was taken",
                        snapshot)
                }
            }
        }
        if reported.isEmpty, let last = seen.last, let view = last.view(of: node) {
            findings.notes.append(
                "\(node): new id \((view.id ?? view.myself?.id ?? "?").prefix(8)), claims "
                    + "\(SlotSet(ranges: view.myself?.slots ?? [])), alone, not accepted, through \(CheckText.seconds(last.time))")
        }
    }

    func judgeWithNodesConf(into findings: inout Findings) {
        guard let before, let id = before.id ?? before.myself?.id, let final = seen.last, let view = final.view(of: node)
        else {
            findings.unknowns.append("\(node): not seen before \(restart.text), so what it owned is unknown")
            return
        }
        if let now = view.id ?? view.myself?.id, now != id {
            findings.failures.append(
                "\(node) changed id from \(id.prefix(8)) to \(now.prefix(8)) although its nodes.conf was kept (\(restart.text))")
            findings.evidence.append(restart.index)
            return
        }
        guard let mine = before.myself, mine.isMaster, !mine.slots.isEmpty else {
            findings.notes.append("\(node) owned no slots before \(restart.text)")
            return
        }
        let owned = SlotSet(ranges: mine.slots)
        // Slots another master took over with a newer configEpoch while this node was away.
        var taken = SlotSet()
        var takers: [String] = []
        for other in final.views where other.reachable && other.node != node {
            for entry in other.entries where entry.isMaster && entry.id != id && entry.configEpoch > mine.configEpoch {
                let overlap = owned.intersection(SlotSet(ranges: entry.slots))
                guard !overlap.isEmpty else { continue }
                taken = taken.union(overlap)
                let label = "\(names.label(ofID: entry.id)) (configEpoch \(entry.configEpoch) > \(mine.configEpoch))"
                if !takers.contains(label) { takers.append(label) }
            }
        }
        guard !taken.isEmpty else {
            findings.notes.append("\(node): no other master took its slots \(owned); it may keep them")
            return
        }
        let claims = view.myself.map { $0.isMaster ? SlotSet(ranges: $0.slots) : SlotSet() } ?? SlotSet()
        let regained = claims.intersection(taken)
        if !regained.isEmpty {
            findings.failures.append(
                "\(node) claims slots \(regained) again at \(CheckText.seconds(final.time)) after \(restart.text), "
                    + "though \(takers.joined(separator: ", ")) took them over")
            findings.evidence.append(restart.index)
        }
        for other in final.views where other.reachable && other.node != node {
            let given = other.entries.filter { $0.id == id && $0.isMaster }
                .reduce(SlotSet()) { $0.union(SlotSet(ranges: $1.slots)) }.intersection(taken)
            if !given.isEmpty {
                findings.failures.append(
                    "\(other.node) gives slots \(given) back to the stale \(node) at \(CheckText.seconds(final.time))")
                findings.evidence.append(restart.index)
            }
        }
        if regained.isEmpty {
            let role = view.myself?.isMaster == true ? "a master without its old slots" : "a replica"
            findings.notes.append(
                "\(node): kept id \(id.prefix(8)), ended \(role); \(takers.joined(separator: ", ")) kept \(taken)")
        }
    }
}
