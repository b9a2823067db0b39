import NIOCore

/// What a bus message does to this node's view of the cluster (Redis's
/// `clusterProcessPacket`).
extension Cluster {
    func process(_ m: ClusterMessage, from link: ClusterLink) {
        let now = node.clock()
        if Int(m.type.rawValue) < stats.received.count { stats.received[Int(m.type.rawValue)] += 1 }
        let sender = senderNode(of: m, on: link)
        sender?.dataReceived = now
        if let sender, !sender.inHandshake {
            if m.currentEpoch > currentEpoch { currentEpoch = m.currentEpoch }
            if m.configEpoch > sender.configEpoch {
                sender.configEpoch = m.configEpoch
                pendingSave = true
                pendingFsync = true
            }
            sender.replOffset = Int64(truncatingIfNeeded: m.replicationOffset)
            sender.replOffsetTime = now
            if manualFailoverEnd != 0 && myself.isReplica && myself.master === sender
                && m.messageFlags.contains(.paused) && manualFailoverMasterOffset == -1
            {
                manualFailoverMasterOffset = sender.replOffset
                log.warning("Received replication offset for paused master manual failover: \(manualFailoverMasterOffset)")
                handleManualFailover()
            }
        }

        switch m.body {
        case .ping, .pong, .meet:
            processPingPong(m, link: link, sender: sender, now: now)
        case .fail(let id):
            guard sender != nil else {
                log.notice("Ignoring FAIL message from unknown node \(m.sender) about \(id)")
                return
            }
            if let failing = lookup(id), !failing.isFailed, !failing.isMyself {
                log.notice("FAIL message received from \(m.sender) about \(id)")
                failing.flags.insert(.fail)
                failing.failTime = now
                failing.flags.remove(.pfail)
                pendingSave = true
                pendingStateUpdate = true
            }
        case .publish(let channel, let message):
            guard sender != nil else { return }
            node.deliverClusterPublish(channel: channel, message: message, shard: false)
        case .publishShard(let channel, let message):
            guard sender != nil else { return }
            node.deliverClusterPublish(channel: channel, message: message, shard: true)
        case .failoverAuthRequest:
            guard let sender else { return }
            voteIfNeeded(for: sender, request: m, now: now)
        case .failoverAuthAck:
            guard let sender else { return }
            if sender.isMaster && sender.slotCount > 0 && m.currentEpoch >= failoverAuthEpoch {
                failoverAuthCount += 1
                handleReplicaFailover()
            }
        case .mfStart:
            guard let sender, sender.master === myself else { return }
            resetManualFailover()
            manualFailoverEnd = now + Cluster.manualFailoverTimeout
            manualFailoverReplica = sender
            node.pauseWrites(until: now + Cluster.manualFailoverTimeout * 2)
            log.warning("Manual failover requested by replica \(sender.id).")
            sendPing(on: link, type: .ping)
        case .update(let epoch, let id, let claimed):
            guard sender != nil, let n = lookup(id) else { return }
            if n.configEpoch >= epoch { return }
            if n.isReplica { setAsMaster(n) }
            n.configEpoch = epoch
            pendingSave = true
            pendingFsync = true
            updateSlots(of: n, configEpoch: epoch, claimed: claimed)
        case .module:
            return
        case .unknown(let type, _):
            log.warning("Received unknown packet type: \(type)")
        }
    }

    /// Redis's `getNodeFromLinkAndMsg`: the link's node once the handshake is over, else
    /// the node the message names (binding an inbound link to it).
    private func senderNode(of m: ClusterMessage, on link: ClusterLink) -> ClusterNode? {
        if let n = link.node, !n.inHandshake { return n }
        let sender = lookup(m.sender)
        if let sender, link.node == nil, link.inbound {
            if let old = sender.inboundLink, old !== link { old.close() }
            sender.inboundLink = link
            link.node = sender
        }
        return sender
    }

    private func processPingPong(_ m: ClusterMessage, link: ClusterLink, sender: ClusterNode?, now: Int64) {
        if m.type == .ping || m.type == .meet {
            // A MEET tells us the address others reach us at.
            if (m.type == .meet || myself.ip.isEmpty) && settings.announceIP.isEmpty, let ip = link.localIP,
                ip != myself.ip
            {
                myself.ip = ip
                log.warning("IP address for this node updated to \(ip)")
                pendingSave = true
            }
            if sender == nil && m.type == .meet {
                let n = ClusterNode(id: .random(), flags: .handshake, now: now)
                n.ip = m.announcedIP ?? link.remoteIP ?? ""
                n.port = Int(m.port)
                n.busPort = Int(m.busPort)
                addNode(n)
                pendingSave = true
                processGossip(m, link: link, sender: nil)
            }
            sendPing(on: link, type: .pong)
        }

        if !link.inbound, let linkNode = link.node {
            if linkNode.inHandshake {
                if let sender {
                    // We knew this node already under its real id: keep that one.
                    if updateAddressIfNeeded(sender, link: link, message: m) {
                        pendingSave = true
                        pendingStateUpdate = true
                    }
                    deleteNode(linkNode)
                    return
                }
                rename(linkNode, to: m.sender)
                linkNode.flags.remove(.handshake)
                linkNode.flags.formUnion(m.flags.intersection([.master, .slave]))
                pendingSave = true
            } else if linkNode.id != m.sender {
                // Someone else answers at this address: forget the address.
                linkNode.flags.insert(.noaddr)
                linkNode.ip = ""
                linkNode.port = 0
                linkNode.busPort = 0
                link.close()
                pendingSave = true
                return
            }
        }

        if let sender {
            sender.flags.remove(.nofailover)
            sender.flags.formUnion(m.flags.intersection(.nofailover))
        }
        if let sender, m.type == .ping, !sender.inHandshake, updateAddressIfNeeded(sender, link: link, message: m) {
            pendingSave = true
            pendingStateUpdate = true
        }

        if !link.inbound && m.type == .pong, let n = link.node {
            n.pongReceived = now
            n.pingSent = 0
            if n.isTimedOut {
                n.flags.remove(.pfail)
                pendingSave = true
                pendingStateUpdate = true
            } else if n.isFailed {
                clearFailureIfNeeded(n, now: now)
            }
        }

        guard let sender else { return }
        // Role changes.
        if let masterID = m.replicaOf {
            let master = lookup(masterID)
            if sender.isMaster {
                for slot in sender.slots { unassign(slot) }
                sender.flags.remove([.master, .migrateTo])
                sender.flags.insert(.slave)
                pendingSave = true
                pendingStateUpdate = true
            }
            if let master, sender.master !== master {
                setMaster(of: sender, to: master)
                pendingSave = true
            }
        } else {
            setAsMaster(sender)
        }

        // Slots.
        let senderMaster = sender.isMaster ? sender : sender.master
        let dirtySlots = senderMaster.map { $0.slots != m.slots } ?? false
        if sender.isMaster && dirtySlots {
            updateSlots(of: sender, configEpoch: m.configEpoch, claimed: m.slots)
        }
        if dirtySlots {
            // The sender claims slots we know others serve under newer epochs: tell it.
            for slot in m.slots {
                guard let owner = slots[slot], owner !== sender, !ownerNotClaiming.contains(slot) else { continue }
                if owner.configEpoch > m.configEpoch {
                    log.verbose("Node \(sender.id) has old slots configuration, sending an UPDATE message about \(owner.id)")
                    sendUpdate(on: sender.link, about: owner)
                    break
                }
            }
        }
        if myself.isMaster && sender.isMaster && m.configEpoch == myself.configEpoch {
            handleConfigEpochCollision(with: sender)
        }
        processGossip(m, link: link, sender: sender)
        var hostname = ""
        for case .hostname(let h) in m.body.pingBody?.extensions ?? [] { hostname = h }
        sender.hostname = hostname
    }

    /// Redis's `clusterProcessGossipSection`.
    private func processGossip(_ m: ClusterMessage, link: ClusterLink, sender: ClusterNode?) {
        guard let entries = m.body.pingBody?.gossip else { return }
        let sender = link.node ?? lookup(m.sender)
        let now = node.clock()
        for g in entries {
            if let n = lookup(g.node) {
                if let sender, sender.isMaster, n !== myself {
                    if !g.flags.intersection([.fail, .pfail]).isEmpty {
                        if n.addFailureReport(from: sender, now: now) {
                            log.verbose("Node \(sender.id) reported node \(n.id) as not reachable.")
                        }
                        markFailingIfNeeded(n)
                    } else if n.removeFailureReport(from: sender) {
                        log.verbose("Node \(sender.id) reported node \(n.id) is back online.")
                    }
                }
                if g.flags.intersection([.fail, .pfail]).isEmpty && n.pingSent == 0
                    && n.validFailureReports(now: now, maxAge: nodeTimeout * 2) == 0
                {
                    let pong = Int64(g.pongReceived) * 1000
                    if pong <= now + 500 && pong > n.pongReceived { n.pongReceived = pong }
                }
                if !n.flags.intersection([.fail, .pfail]).isEmpty && !g.flags.contains(.noaddr)
                    && g.flags.intersection([.fail, .pfail]).isEmpty
                    && (n.ip != g.ip || n.port != Int(g.port) || n.busPort != Int(g.busPort))
                {
                    n.link?.close()
                    n.ip = g.ip
                    n.port = Int(g.port)
                    n.busPort = Int(g.busPort)
                    n.flags.remove(.noaddr)
                }
            } else if sender != nil && !g.flags.contains(.noaddr) && !isBlacklisted(g.node, now: now) {
                let n = ClusterNode(id: g.node, flags: g.flags, now: now)
                n.ip = g.ip
                n.port = Int(g.port)
                n.busPort = Int(g.busPort)
                addNode(n)
            }
        }
    }

    /// Redis's `nodeUpdateAddressIfNeeded`: the address a node pings us from (or announces)
    /// wins over what we had.
    private func updateAddressIfNeeded(_ n: ClusterNode, link: ClusterLink, message m: ClusterMessage) -> Bool {
        if link === n.link { return false }
        guard let ip = m.announcedIP ?? link.remoteIP else { return false }
        if n.port == Int(m.port) && n.busPort == Int(m.busPort) && n.ip == ip { return false }
        n.ip = ip
        n.port = Int(m.port)
        n.busPort = Int(m.busPort)
        n.link?.close()
        n.flags.remove(.noaddr)
        log.warning("Address updated for node \(n.id), now \(ip):\(n.port)")
        if myself.isReplica && myself.master === n { node.replicateFromClusterMaster(host: n.ip, port: n.port) }
        return true
    }

    static let blacklistTTL: Int64 = 60

    func isBlacklisted(_ id: ClusterNodeID, now: Int64) -> Bool {
        blacklist = blacklist.filter { $0.value > now / 1000 }
        return blacklist[id] != nil
    }
}
