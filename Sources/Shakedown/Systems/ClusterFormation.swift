import RESP

/// Forms a cluster from started, empty nodes, as `redis-cli --cluster create` does — slots
/// split evenly over the masters, distinct config epochs, everyone MEETs the first node,
/// replicas REPLICATE their master — but polling for each step instead of sleeping, so a
/// six-node cluster is ready as soon as gossip allows.
struct ClusterFormation {
    let cluster: RedisCluster
    let spec: StartSpec
    let deadline: ContinuousClock.Instant

    func run() async throws {
        let topology = cluster.topology
        let names = topology.nodeNames
        for master in 0..<topology.masters {
            let low = master * HashSlot.count / topology.masters
            let high = (master + 1) * HashSlot.count / topology.masters - 1
            try await expectOK(names[master], ["CLUSTER", "ADDSLOTSRANGE", String(low), String(high)])
            try await expectOK(names[master], ["CLUSTER", "SET-CONFIG-EPOCH", String(master + 1)])
        }
        let first = try await cluster.member(names[0]).placement
        let meet = [
            "CLUSTER", "MEET", first.announceHost, String(try first.announcePort("client")),
            String(try first.announcePort("bus")),
        ]
        for name in names.dropFirst() { try await expectOK(name, meet) }
        try await waitUntil("every node knows all \(names.count)") { views in
            views.filter { $0.knownNodes != names.count }.map { "\($0.node) knows \($0.knownNodes.map(String.init) ?? "?")" }
        }
        var ids: [String: String] = [:]
        for name in names {
            guard let id = try await cluster.command(name, ["CLUSTER", "MYID"]).string else {
                throw ClusterStartError("\(name) did not say its id")
            }
            ids[name] = id
            await cluster.recordFormedID(id, for: name)
        }
        if spec.preloadKeys > 0 {
            for master in names.prefix(topology.masters) {
                let reply = try await cluster.command(
                    master, ["DEBUG", "POPULATE", String(spec.preloadKeys), "preload:\(master)", "32"],
                    timeout: .seconds(120))
                if let error = reply.errorMessage { throw ClusterStartError("preloading \(master): \(error)") }
            }
        }
        if !spec.waitForSync {
            // Faults are to land during the replicas' first sync: wait for the masters' cluster
            // to be ok, attach the replicas, and hand over at once.
            try await waitUntil("the cluster is ok") { views in
                views.filter { $0.state != "ok" }.map { "\($0.node) cluster_state \($0.state ?? "?")" }
            }
            try await replicate(ids: ids)
            return
        }
        try await replicate(ids: ids)
        try await waitUntil("the cluster is ok and every node agrees") { views in
            var missing: [String] = []
            for view in views {
                guard view.reachable else {
                    missing.append("\(view.node) unreachable")
                    continue
                }
                if view.state != "ok" { missing.append("\(view.node) cluster_state \(view.state ?? "?")") }
                for (index, name) in names.enumerated() {
                    guard let id = ids[name], let entry = view.entries.first(where: { $0.id == id }) else {
                        missing.append("\(view.node) does not list \(name)")
                        continue
                    }
                    if entry.isFailed { missing.append("\(view.node) sees \(name) failing") }
                    let expected = topology.initialMaster(of: index).flatMap { ids[names[$0]] }
                    if entry.master != expected { missing.append("\(view.node) does not see \(name) as its role") }
                }
            }
            return missing
        }
        try await waitUntil("every replica has completed its first sync") { views in
            views.enumerated().compactMap { index, view in
                topology.initialMaster(of: index) != nil && view.masterLinkUp != true
                    ? "\(view.node) master_link_status is not up" : nil
            }
        }
    }

    private func replicate(ids: [String: String]) async throws {
        let names = cluster.topology.nodeNames
        for (index, name) in names.enumerated() {
            guard let master = cluster.topology.initialMaster(of: index), let masterID = ids[names[master]] else { continue }
            try await expectOK(name, ["CLUSTER", "REPLICATE", masterID])
        }
    }

    private func expectOK(_ name: String, _ arguments: [String]) async throws {
        let reply = try await cluster.command(name, arguments)
        guard reply.string == "OK" else {
            throw ClusterStartError("\(arguments.joined(separator: " ")) on \(name) answered \(reply.errorMessage ?? "\(reply)")")
        }
    }

    /// Polls every node until `unmet` lists nothing; at the deadline, fails with what was
    /// still unmet.
    private func waitUntil(_ goal: String, unmet: ([NodeView]) async -> [String]) async throws {
        var last: [String] = []
        while ContinuousClock.now < deadline {
            last = await unmet(await cluster.observe())
            if last.isEmpty { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ClusterStartError("not ready: waiting until \(goal); still: \(last.prefix(6).joined(separator: "; "))")
    }
}
