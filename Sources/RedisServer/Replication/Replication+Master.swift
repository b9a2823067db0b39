import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// The master's side: SYNC/PSYNC (`syncCommand`), snapshots for replicas, keeping replicas
/// alive and dropping the dead.
extension Replication {
    /// SYNC or PSYNC from `client`. The answer goes straight to the socket, never through the
    /// client's reply buffer (whatever the client would be sent from now on is the stream).
    func synchronize(_ client: Client, psync: (replicationID: String, offset: Int64)?) throws(RedisError) {
        if let peer = client.replicaPeer, peer.isAttached { return }
        if isReplica && linkState != .connected {
            throw RedisError("NOMASTERLINK Can't SYNC while not connected with my master")
        }
        if client.reply.buffer.readableBytes > 0 {
            throw RedisError("ERR SYNC and PSYNC are invalid with pending output")
        }
        let peer = client.replicaPeer ?? ReplicaPeer(client: client)
        client.replicaPeer = peer
        node.log.notice("Replica \(peer.name) asks for synchronization")
        flushStream()
        if let psync {
            switch PsyncDecision.decide(
                replicationID: psync.replicationID, offset: psync.offset, history: history, backlog: backlog)
            {
            case .partial(let offset):
                continuePartially(peer, from: offset)
                stats.partialSyncsAccepted += 1
                return
            case .full(let reason):
                logFullResyncReason(reason, peer: peer, request: psync)
                if !psync.replicationID.hasPrefix("?") { stats.partialSyncsRefused += 1 }
            }
        } else {
            peer.legacySync = true
        }
        stats.fullSyncs += 1
        peer.state = .waitBgsaveStart
        replicas.append(peer)
        if replicas.count == 1 && backlog == nil {
            // A backlog made from scratch starts a new history: no past to resume.
            history.newID()
            history.forgetPreviousID()
            createBacklog()
            node.log.notice(
                "Replication backlog created, my new replication IDs are '\(history.id)' and '\(history.previousID)'")
        }
        let persistence = node.persistence
        if persistence.saveChild != nil {
            // A snapshot is being written: usable if another replica already collects the
            // stream from its start.
            if let donor = replicas.first(where: { $0.state == .waitBgsaveEnd }) {
                peer.buffered = donor.buffered
                setUpForFullResync(peer, offset: donor.snapshotOffset)
                node.log.notice("Waiting for end of BGSAVE for SYNC")
            } else {
                node.log.notice("Can't attach the replica to the current BGSAVE. Waiting for next BGSAVE for SYNC")
            }
        } else if persistence.hasChild {
            node.log.notice("No BGSAVE in progress, but another BG operation is active. BGSAVE for replication delayed")
        } else {
            startSnapshotForReplicas()
        }
    }

    private func logFullResyncReason(
        _ reason: PsyncDecision.FullResyncReason, peer: ReplicaPeer, request: (replicationID: String, offset: Int64)
    ) {
        switch reason {
        case .requested:
            node.log.notice("Full resync requested by replica \(peer.name)")
        case .unknownID:
            node.log.notice(
                "Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '\(request.replicationID)', my replication IDs are '\(history.id)' and '\(history.previousID)')"
            )
        case .beyondPreviousID(let limit):
            node.log.notice(
                "Partial resynchronization not accepted: Requested offset for second ID was \(request.offset), but I can reply up to \(limit)"
            )
        case .outsideBacklog:
            node.log.notice(
                "Unable to partial resync with replica \(peer.name) for lack of backlog (Replica request was: \(request.offset)).")
            if request.offset > history.offset {
                node.log.warning(
                    "Warning: replica \(peer.name) tried to PSYNC with an offset that is greater than the master replication offset."
                )
            }
        }
    }

    /// +CONTINUE, then the backlog from the first byte the replica lacks.
    private func continuePartially(_ peer: ReplicaPeer, from offset: Int64) {
        peer.state = .online
        peer.ackTime = node.clock()
        replicas.append(peer)
        peer.send(peer.supportsPsync2 ? "+CONTINUE \(history.id)\r\n" : "+CONTINUE\r\n")
        let missing = backlog?.bytes(from: offset) ?? ByteBuffer()
        if missing.readableBytes > 0 {
            peer.send(missing)
            stats.outputBytes += missing.readableBytes
        }
        node.log.notice(
            "Partial resynchronization request from \(peer.name) accepted. Sending \(missing.readableBytes) bytes of backlog starting from offset \(offset)."
        )
    }

    /// `replicationSetupSlaveForFullResync`: the replica's snapshot is the one being made at
    /// `offset`; what the stream carries from now on is kept for after it.
    private func setUpForFullResync(_ peer: ReplicaPeer, offset: Int64) {
        peer.snapshotOffset = offset
        peer.state = .waitBgsaveEnd
        // The buffered stream must start by selecting its db.
        streamDB = -1
        if !peer.legacySync { peer.send("+FULLRESYNC \(history.id) \(offset)\r\n") }
    }

    /// `startBgsaveForReplication`: one snapshot (a forked BGSAVE to the RDB file, as Redis's
    /// disk-based sync) for every replica waiting for one.
    func startSnapshotForReplicas() {
        flushStream()
        let waiting = replicas.filter { $0.state == .waitBgsaveStart }
        guard !waiting.isEmpty else { return }
        node.log.notice("Starting BGSAVE for SYNC with target: disk")
        let offset = history.offset
        switch node.persistence.backgroundSave() {
        case .started:
            for peer in waiting { setUpForFullResync(peer, offset: offset) }
        case .alreadyInProgress, .scheduledBehindRewrite:
            // The cron tries again once the other child is gone.
            break
        case .failed:
            node.log.warning("BGSAVE for replication failed")
            for peer in waiting {
                peer.client.replicaPeer = nil
                replicas.removeAll { $0 === peer }
                peer.send("-ERR BGSAVE failed, replication can't continue\r\n")
                peer.client.close()
            }
        }
    }

    /// A background save ended (`updateSlavesWaitingBgsave`): replicas waiting for it get
    /// the file, then what the stream carried meanwhile.
    func snapshotFinished(ok: Bool) {
        flushStream()
        let served = replicas.filter { $0.state == .waitBgsaveEnd }
        for peer in served {
            guard ok else {
                node.log.warning("SYNC failed. BGSAVE child returned an error")
                drop(peer)
                continue
            }
            sendSnapshot(to: peer)
        }
        if !node.persistence.hasChild && replicas.contains(where: { $0.state == .waitBgsaveStart }) {
            startSnapshotForReplicas()
        }
    }

    /// `$<length>\r\n`, the RDB file (sendfile), then the buffered stream; online once the
    /// file is out.
    private func sendSnapshot(to peer: ReplicaPeer) {
        let path = node.persistence.rdbPath
        guard let channel = peer.client.channel else {
            drop(peer)
            return
        }
        let fd = open(path, O_RDONLY)
        var info = stat()
        guard fd >= 0, fstat(fd, &info) == 0 else {
            node.log.warning("SYNC failed. Can't open/stat DB after BGSAVE: \(String(cString: strerror(errno)))")
            if fd >= 0 { close(fd) }
            drop(peer)
            return
        }
        let size = Int(info.st_size)
        peer.state = .sendBulk
        channel.write(channel.allocator.buffer(string: "$\(size)\r\n"), promise: nil)
        let handle = NIOFileHandle(_deprecatedTakingOwnershipOfDescriptor: fd)
        let sent = channel.write(FileRegion(fileHandle: handle, readerIndex: 0, endIndex: size))
        let buffered = peer.buffered
        peer.buffered = ByteBuffer()
        if buffered.readableBytes > 0 {
            channel.write(buffered, promise: nil)
        }
        channel.flush()
        stats.outputBytes += size + buffered.readableBytes
        sent.whenComplete { [self] result in
            try? handle.close()
            guard case .success = result, peer.state == .sendBulk, replicas.contains(where: { $0 === peer }) else { return }
            peer.state = .online
            peer.ackTime = node.clock()
            node.log.notice("Synchronization with replica \(peer.name) succeeded")
        }
    }

    /// Closes a replica's connection (it is forgotten when the connection goes).
    func drop(_ peer: ReplicaPeer) {
        replicas.removeAll { $0 === peer }
        if replicas.isEmpty { noReplicasSince = node.clock() }
        peer.client.close()
    }

    /// The connection of a client that was a replica went away.
    func replicaDisconnected(_ client: Client) {
        guard let peer = client.replicaPeer, peer.isAttached else { return }
        replicas.removeAll { $0 === peer }
        if replicas.isEmpty { noReplicasSince = node.clock() }
        node.log.notice("Connection with replica \(peer.name) lost.")
        processWaitingClients()
    }

    /// `disconnectSlaves`: they reconnect and resynchronise (partially when they can).
    func disconnectReplicas() {
        for peer in replicas { drop(peer) }
    }

    // MARK: REPLCONF

    /// `REPLCONF ACK <offset>` from a replica.
    func acknowledge(_ client: Client, offset: Int64) {
        guard let peer = client.replicaPeer, peer.isAttached else { return }
        if offset > peer.ackOffset { peer.ackOffset = offset }
        peer.ackTime = node.clock()
        if !waiting.isEmpty { processWaitingClients() }
    }

    // MARK: Cron

    func masterCron(now: Int64, loop: Int) {
        waiting.removeAll { !$0.client.isBlocked || $0.client.closing }
        if !replicas.isEmpty && loop % max(1, settings.pingPeriod) == 0 && !isReplica {
            // Keeps replicas' links alive (they time out without traffic).
            feed(db: nil, ["PING"])
        }
        for peer in replicas where peer.state == .waitBgsaveStart || peer.state == .waitBgsaveEnd {
            // Pre-sync keepalive: a newline is valid before the bulk header.
            peer.send("\n")
        }
        let timeout = Int64(settings.timeout) * 1000
        for peer in replicas where peer.state == .online && !peer.legacySync && now - peer.ackTime > timeout {
            node.log.warning("Disconnecting timedout replica (streaming sync): \(peer.name)")
            drop(peer)
        }
        if replicas.isEmpty && settings.backlogTTL > 0 && backlog != nil && !isReplica
            && now - noReplicasSince > Int64(settings.backlogTTL) * 1000
        {
            history.newID()
            history.forgetPreviousID()
            freeBacklog()
            node.log.notice("Replication backlog freed after \(settings.backlogTTL) seconds without connected replicas.")
        }
        if !node.persistence.hasChild && replicas.contains(where: { $0.state == .waitBgsaveStart }) {
            startSnapshotForReplicas()
        }
        flushStream()
    }
}
