/// What the cluster asks of the rest of the node: replication, the keyspace, pub/sub.
extension RedisNode {
    /// A PUBLISH / SPUBLISH that came over the bus: local subscribers only.
    func deliverClusterPublish(channel: Bytes, message: Bytes, shard: Bool) {
        if shard {
            _ = pubsub.spublish(channel: channel, message: message)
        } else {
            _ = pubsub.publish(channel: channel, message: message)
        }
    }

    /// Redis's `delKeysInSlot`: the slot moved away while we still had keys in it.
    func deleteKeys(inSlot slot: Int) {
        guard let cluster else { return }
        let db = databases[0]
        while case let keys = cluster.keyIndex.keys(in: slot, limit: 128), !keys.isEmpty {
            for key in keys {
                db.remove(key)
                watches.touch(db: 0, key: key, node: self)
                propagate(db: 0, ["DEL", key])
            }
        }
    }

    func emptyAllDatabases() {
        for db in databases { _ = emptyDatabase(db) }
    }

    /// Writes paused by a master during a manual failover (until `until`, 0 = resume now).
    /// Held writes run when the pause ends (by then they may well get MOVED).
    func pauseWrites(until: Int64) {
        writesPausedUntil = until
        if until == 0 {
            resumePausedClients()
        } else {
            loop.scheduleTask(in: .milliseconds(max(0, until - clock()))) { [self] in
                if writesPausedUntil != 0 && writesPausedUntil <= clock() { pauseWrites(until: 0) }
            }
        }
    }

    var isPausedForFailover: Bool { writesPausedUntil > clock() }

    /// Runs the commands held by a write pause or a MIGRATE (each is checked again: it
    /// may be held once more).
    func resumePausedClients() {
        let waiting = pausedClients
        pausedClients.removeAll()
        for client in waiting where !client.closing {
            guard let args = client.pausedCommand else { continue }
            client.pausedCommand = nil
            execute(client, args)
            client.processInput()
            client.scheduleFlush()
        }
    }
}

extension RedisNode {
    /// `cluster-enabled yes`: the cluster state, from nodes.conf when there is one. Runs
    /// before the dataset is loaded, so that the slot index sees every key.
    func enableCluster() throws(ClusterStartupError) {
        let cluster = Cluster(node: self)
        self.cluster = cluster
        databases[0].slotIndex = cluster.keyIndex
        try cluster.loadConfig()
    }

    /// After the listeners are up: the bus port, then the 100 ms cron. Binds from the
    /// calling thread (not the event loop, which binding waits on).
    func startClusterBus() throws {
        guard let cluster else { return }
        let bus = ClusterBus(cluster: cluster)
        let port = config.cluster.port != 0 ? config.cluster.port : boundPort + 10000
        try bus.listen(addresses: config.listenAddresses, port: port)
        try loop.submit {
            cluster.bus = bus
            cluster.myself.port = cluster.announcedPort
            cluster.myself.busPort = cluster.announcedBusPort
            cluster.startCron()
        }.wait()
    }
}
