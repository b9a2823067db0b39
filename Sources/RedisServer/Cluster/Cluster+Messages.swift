import NIOCore

/// Building and sending bus messages (Redis's `clusterBuildMessageHdr`, `clusterSendPing`
/// and the broadcasts).
extension Cluster {
    enum BroadcastTarget { case all, localReplicas }

    /// The port this node announces for clients and for the bus.
    var announcedPort: Int { settings.announcePort != 0 ? settings.announcePort : node.boundPort }
    var announcedBusPort: Int {
        if settings.announceBusPort != 0 { return settings.announceBusPort }
        return bus?.port ?? (settings.port != 0 ? settings.port : node.boundPort + 10000)
    }

    /// The replication offset a node advertises: what it has processed as a replica, its
    /// master offset as a master.
    var advertisedOffset: Int64 { node.replicationOffsetForCluster }

    /// A message from this node (Redis's `clusterBuildMessageHdr`): a replica sends its
    /// master's slots and configEpoch, flagged as a replica.
    func message(_ body: ClusterMessage.Body) -> ClusterMessage {
        let master = (myself.isReplica ? myself.master : nil) ?? myself
        var flags: ClusterMessageFlags = []
        if myself.isMaster && manualFailoverEnd != 0 { flags.insert(.paused) }
        return ClusterMessage(
            port: UInt16(clamping: announcedPort), currentEpoch: currentEpoch, configEpoch: master.configEpoch,
            replicationOffset: UInt64(max(0, advertisedOffset)), sender: myself.id, slots: master.slots,
            replicaOf: myself.master?.id, announcedIP: settings.announceIP.isEmpty ? nil : settings.announceIP,
            busPort: UInt16(clamping: announcedBusPort), flags: myself.flags, state: state == .ok ? .ok : .fail,
            messageFlags: flags, body: body)
    }

    func send(_ message: ClusterMessage, on link: ClusterLink?) {
        guard let link else { return }
        let type = Int(message.type.rawValue)
        if type < stats.sent.count { stats.sent[type] += 1 }
        link.send(message)
    }

    /// To every node we have a link to, but ourselves and nodes in handshake.
    func broadcast(_ message: ClusterMessage) {
        for n in nodes.values where !n.isMyself && !n.inHandshake {
            send(message, on: n.link)
        }
    }

    /// A PING, PONG or MEET with gossip about some random nodes and every PFAIL node.
    func sendPing(on link: ClusterLink, type: ClusterMessageType) {
        pingRound &+= 1
        let now = node.clock()
        var fresh = nodes.count - 2
        var wanted = max(3, nodes.count / 10)
        wanted = min(wanted, fresh)
        if !link.inbound && type == .ping { link.node?.pingSent = now }
        var gossip: [ClusterGossipEntry] = []
        var iterations = wanted * 3
        let all = Array(nodes.values)
        while fresh > 0 && gossip.count < wanted && iterations > 0 {
            iterations -= 1
            let n = all[Int.random(in: 0..<all.count)]
            if n.isMyself || n.isTimedOut { continue }
            if n.inHandshake || !n.hasAddress || (n.link == nil && n.slotCount == 0) {
                fresh -= 1
                continue
            }
            if n.lastGossipRound == pingRound { continue }
            n.lastGossipRound = pingRound
            gossip.append(gossipEntry(n))
            fresh -= 1
        }
        for n in nodes.values where n.isTimedOut && !n.inHandshake && n.hasAddress {
            gossip.append(gossipEntry(n))
        }
        let hostname = settings.announceHostname
        let body = ClusterPingBody(gossip: gossip, extensions: hostname.isEmpty ? [] : [.hostname(hostname)])
        switch type {
        case .meet: send(message(.meet(body)), on: link)
        case .pong: send(message(.pong(body)), on: link)
        default: send(message(.ping(body)), on: link)
        }
    }

    func gossipEntry(_ n: ClusterNode) -> ClusterGossipEntry {
        ClusterGossipEntry(
            node: n.id, pingSent: UInt32(truncatingIfNeeded: n.pingSent / 1000),
            pongReceived: UInt32(truncatingIfNeeded: n.pongReceived / 1000), ip: n.ip,
            port: UInt16(clamping: n.port), busPort: UInt16(clamping: n.busPort), flags: n.flags)
    }

    func broadcastPong(_ target: BroadcastTarget) {
        for n in nodes.values {
            guard let link = n.link, !n.isMyself, !n.inHandshake else { continue }
            if target == .localReplicas {
                let local = n.isReplica && n.master != nil && (n.master === myself || n.master === myself.master)
                if !local { continue }
            }
            sendPing(on: link, type: .pong)
        }
    }

    func sendFail(about id: ClusterNodeID) {
        broadcast(message(.fail(node: id)))
    }

    /// Tells `link`'s node that `about` serves slots under a newer configEpoch.
    func sendUpdate(on link: ClusterLink?, about n: ClusterNode) {
        guard let link else { return }
        send(message(.update(configEpoch: n.configEpoch, node: n.id, slots: n.slots)), on: link)
    }

    func requestFailoverAuth() {
        var m = message(.failoverAuthRequest)
        // A manual failover asks masters to vote even though our master is not FAIL.
        if manualFailoverEnd != 0 { m.messageFlags.insert(.forceAck) }
        broadcast(m)
    }

    func sendFailoverAuth(to n: ClusterNode) {
        send(message(.failoverAuthAck), on: n.link)
    }

    func sendManualFailoverStart(to master: ClusterNode) {
        send(message(.mfStart), on: master.link)
    }

    /// PUBLISH in cluster mode reaches every node's subscribers (SPUBLISH only its shard).
    func propagatePublish(channel: Bytes, message: Bytes, shard: Bool) {
        let m = self.message(
            shard ? .publishShard(channel: channel, message: message) : .publish(channel: channel, message: message))
        if shard {
            let owner = myself.isReplica ? myself.master : myself
            for n in nodes.values where !n.isMyself && !n.inHandshake {
                if n === owner || (n.isReplica && n.master === owner) { send(m, on: n.link) }
            }
        } else {
            broadcast(m)
        }
    }
}
