import Foundation

/// nodes.conf: this node's view of the cluster, saved whenever it changes (atomically:
/// temp file, fsync, rename) and loaded at start (Redis's `clusterLoadConfig`,
/// `clusterSaveConfig`). Also the CLUSTER NODES text, which is the same lines.
extension Cluster {
    func record(of n: ClusterNode) -> ClusterNodeRecord {
        var migrating: [Int: ClusterNodeID] = [:]
        var importing: [Int: ClusterNodeID] = [:]
        if n === myself {
            for (slot, target) in migratingTo { migrating[slot] = target.id }
            for (slot, source) in importingFrom { importing[slot] = source.id }
        }
        let connected = n === myself || n.link != nil
        // A replica's line shows its master's configEpoch (Redis does the same).
        let epoch = (n.isReplica ? n.master?.configEpoch : nil) ?? n.configEpoch
        return ClusterNodeRecord(
            id: n.id, ip: n.ip, port: n.port, busPort: n.busPort, hostname: n.hostname,
            flags: n.flags.intersection(Cluster.printedFlags), masterID: n.master?.id,
            pingSent: n.pingSent, pongReceived: n.pongReceived, configEpoch: epoch, linkConnected: connected,
            slots: n.slots, migrating: migrating, importing: importing)
    }

    /// Flags CLUSTER NODES and nodes.conf show (MEET and MIGRATE_TO are internal).
    static let printedFlags: ClusterNodeFlags = [.myself, .master, .slave, .pfail, .fail, .handshake, .noaddr, .nofailover]

    /// One CLUSTER NODES line without its newline (CLUSTER REPLICAS).
    func describe(_ n: ClusterNode) -> String {
        let line = record(of: n).nodesLine
        return line.hasSuffix("\n") ? String(line.dropLast()) : line
    }

    /// CLUSTER NODES: one line per node, each ending in `\n`.
    func nodesText() -> String {
        var out = ""
        for n in nodes.values.sorted(by: { $0.id < $1.id }) { record(of: n).write(to: &out) }
        return out
    }

    /// What nodes.conf holds: every node but those in handshake, with their own epochs.
    var configFile: NodesConf {
        let records = nodes.values.sorted { $0.id < $1.id }.map { n -> ClusterNodeRecord in
            var r = record(of: n)
            r.configEpoch = n.configEpoch
            return r
        }
        return NodesConf(nodes: records, currentEpoch: currentEpoch, lastVoteEpoch: lastVoteEpoch)
    }

    func saveConfig(fsync: Bool) throws {
        try configFile.save(to: configPath, fsync: fsync)
    }

    /// Like Redis, a node that cannot record its view (a vote, an epoch) must not go on.
    func saveConfigOrDie(fsync: Bool) {
        do {
            try saveConfig(fsync: fsync)
        } catch {
            log.warning("Fatal: can't update cluster config file \(configPath): \(error)")
            exit(1)
        }
    }

    /// A missing or empty file means a new node (a fresh id, saved at once); anything
    /// unreadable or malformed stops start-up.
    func loadConfig() throws(ClusterStartupError) {
        let loaded: NodesConf?
        do {
            loaded = try NodesConf.load(from: configPath) { [log] warning in log.warning("\(warning)") }
        } catch {
            throw ClusterStartupError("\(error) (file \(configPath))")
        }
        guard let conf = loaded else {
            log.notice("No cluster configuration found, I'm \(myself.id)")
            saveConfigOrDie(fsync: false)
            return
        }
        apply(conf)
        log.notice("Node configuration loaded, I'm \(myself.id)")
    }

    private func apply(_ conf: NodesConf) {
        nodes.removeAll()
        let now = node.clock()
        for r in conf.nodes {
            let n = ClusterNode(id: r.id, flags: r.flags, ip: r.ip, port: r.port, busPort: r.busPort, now: now)
            n.hostname = r.hostname
            n.configEpoch = r.configEpoch
            n.pingSent = r.pingSent
            n.pongReceived = r.pongReceived
            if n.isMyself { myself = n }
            addNode(n)
        }
        for r in conf.nodes {
            guard let n = nodes[r.id] else { continue }
            if let masterID = r.masterID, let master = nodes[masterID] { setMaster(of: n, to: master) }
            for slot in r.slots { assign(slot, to: n) }
            if n.isMyself {
                for (slot, id) in r.migrating { migratingTo[slot] = nodes[id] }
                for (slot, id) in r.importing { importingFrom[slot] = nodes[id] }
            }
        }
        currentEpoch = max(conf.currentEpoch, maxEpoch)
        lastVoteEpoch = conf.lastVoteEpoch
        // Timers restart: a node we have not heard from since boot is not known dead.
        for n in nodes.values where !n.isMyself {
            n.pingSent = 0
            n.pongReceived = now
            n.flags.remove(.pfail)
        }
    }
}
