@testable import Shakedown

/// A cluster of masters n1...nM with replicas after them (n4 of n1, n5 of n2, ...), and
/// snapshots in which every reachable node sees the same table unless a test changes a view.
struct ClusterFixture {
    enum Role {
        case master([ClosedRange<Int>])
        case replica(of: String)
    }

    var nodes: [StartedNode]
    var roles: [String: Role]
    /// Current id per node (a restart without nodes.conf changes it).
    var ids: [String: String]
    var configEpochs: [String: Int] = [:]

    /// Three masters with a third of the slots each, one replica each.
    static func standard(masters: Int = 3) -> ClusterFixture {
        let share = SlotSet.slotCount / masters
        var nodes: [StartedNode] = []
        var roles: [String: Role] = [:]
        for index in 1...masters {
            let low = (index - 1) * share
            let high = index == masters ? SlotSet.slotCount - 1 : index * share - 1
            nodes.append(StartedNode(name: "n\(index)", id: Self.id(index), address: "127.0.0.1:\(7000 + index)", role: .master))
            roles["n\(index)"] = .master([low...high])
        }
        for index in 1...masters {
            let name = "n\(masters + index)"
            nodes.append(
                StartedNode(
                    name: name, id: Self.id(masters + index), address: "127.0.0.1:\(7000 + masters + index)",
                    role: .replica, master: "n\(index)"))
            roles[name] = .replica(of: "n\(index)")
        }
        return ClusterFixture(
            nodes: nodes, roles: roles, ids: Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0.id) }),
            configEpochs: Dictionary(uniqueKeysWithValues: (1...masters).map { ("n\($0)", $0) }))
    }

    static func id(_ number: Int) -> String {
        String(repeating: String(number % 10), count: 8) + String(repeating: "a", count: 32)
    }

    /// `replica` takes over `master`'s slots with a higher configEpoch; `master` becomes its replica.
    mutating func promote(_ replica: String, replacing master: String) {
        guard case .master(let slots) = roles[master] else { return }
        roles[replica] = .master(slots)
        roles[master] = .replica(of: replica)
        configEpochs[replica] = (configEpochs.values.max() ?? 0) + 1
    }

    /// Every node's view; `down` nodes do not answer (and others flag them `fail`).
    func snapshot(
        at seconds: Double, down: Set<String> = [], epoch: Int = 5, state: String = "ok",
        change: (inout NodeView) -> Void = { _ in }
    ) -> ClusterSnapshot {
        let views = nodes.map { node -> NodeView in
            guard !down.contains(node.name) else { return NodeView(node: node.name, reachable: false) }
            var view = NodeView(
                node: node.name, reachable: true, id: ids[node.name], state: state, currentEpoch: epoch,
                knownNodes: nodes.count, masterLinkUp: nil, entries: entries(seenBy: node.name, down: down))
            change(&view)
            return view
        }
        return ClusterSnapshot(time: HistoryBuilder.nanos(seconds), views: views)
    }

    func entries(seenBy viewer: String, down: Set<String>) -> [ClusterNodesEntry] {
        nodes.map { node in
            var flags: [String] = node.name == viewer ? ["myself"] : []
            var master: String?
            var slots: [ClosedRange<Int>] = []
            switch roles[node.name]! {
            case .master(let ranges):
                flags.append("master")
                slots = ranges
            case .replica(let of):
                flags.append("slave")
                master = ids[of]
            }
            if down.contains(node.name) { flags.append("fail") }
            return ClusterNodesEntry(
                id: ids[node.name]!, address: node.address, flags: flags, master: master,
                configEpoch: configEpochs[node.name] ?? 0, linkState: down.contains(node.name) ? "disconnected" : "connected",
                slots: slots)
        }
    }
}
