extension FailoverChecker {
    /// In the final snapshot, no slot may be claimed by two reachable cluster members that
    /// each call themselves its master. A member is a node some other reachable node knows
    /// by its id: a stranger (a node restarted without nodes.conf, alone with a new id) is
    /// outside the cluster, and what it claims is `stale-node`'s to judge.
    func checkFinalClaims(_ observations: ClusterObservations, names: NodeNames, into findings: inout Findings) {
        guard let final = observations.final else { return }
        let reachable = final.views.filter(\.reachable)
        let claims: [(node: String, slots: SlotSet)] = reachable.compactMap { view in
            guard let me = view.myself, me.isMaster, !me.slots.isEmpty else { return nil }
            let known = reachable.contains { other in
                other.node != view.node && other.entries.contains { $0.id == me.id }
            }
            guard known || reachable.count == 1 else { return nil }
            return (view.node, SlotSet(ranges: me.slots))
        }
        for first in claims.indices {
            for second in claims.indices where second > first {
                let shared = claims[first].slots.intersection(claims[second].slots)
                guard !shared.isEmpty else { continue }
                findings.failures.append(
                    "at the end (\(CheckText.seconds(final.time))) \(claims[first].node) and \(claims[second].node) "
                        + "both claim slots \(shared) as master (\(CheckText.plural(shared.count, "slot")))")
            }
        }
    }

    /// A node's currentEpoch (per node id) never goes down from one snapshot to the next.
    func checkEpochs(_ observations: ClusterObservations, names: NodeNames, into findings: inout Findings) {
        var last: [String: (epoch: Int, time: Int64, node: String)] = [:]
        var reported: Set<String> = []
        for snapshot in observations.snapshots {
            for view in snapshot.views where view.reachable {
                guard let id = view.id ?? view.myself?.id, let epoch = view.currentEpoch else { continue }
                if let previous = last[id], epoch < previous.epoch, !reported.contains(id) {
                    reported.insert(id)
                    findings.failures.append(
                        "\(view.node) (id \(id.prefix(8))) currentEpoch went down from \(previous.epoch) at "
                            + "\(CheckText.seconds(previous.time)) to \(epoch) at \(CheckText.seconds(snapshot.time))")
                }
                last[id] = (epoch, snapshot.time, view.node)
            }
        }
    }
}
