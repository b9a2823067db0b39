import NIOCore
import RESP

/// The replica's side: following a master (REPLICAOF, the `replicaof` directive), the link's
/// life (handshake, snapshot, stream, reconnection with PSYNC), and promotion.
///
/// The cluster code drives replication through `replicate(host:port:)` and
/// `promoteToMaster()`, and reads the accessors below.
extension Replication {
    enum Role: Equatable {
        case master, replica
    }

    var role: Role { isReplica ? .replica : .master }
    /// `master_link_status:up`.
    var isMasterLinkUp: Bool { linkState == .connected }
    /// `master_repl_offset`: bytes of stream produced (master) or applied (replica).
    var replicationOffset: Int64 { history.offset }
    /// A replica's processed offset (`replicationGetSlaveOffset`): what it applied from its
    /// master, kept across link losses; 0 when it never synchronised.
    var processedOffset: Int64 { max(0, master?.appliedOffset ?? cachedMaster?.offset ?? 0) }
    /// Unix ms of the last bytes from the master, while the link is up.
    var lastMasterInteraction: Int64? { master?.lastInteraction }
    /// Unix ms the link to the master went down; nil while it is up or before it ever was.
    var masterLinkDownSince: Int64? { linkDownSince == 0 ? nil : linkDownSince }

    // MARK: Changing role

    /// `replicationSetMaster`: follow `host:port` from now on. The data stays until the new
    /// master says a full resynchronisation is needed; replicas of this node stay attached.
    func replicate(host: String, port: Int) {
        let wasMaster = !isReplica
        node.config.replication.primary = nil
        if master != nil { closeMasterLink(cache: true) }
        node.unblockClientsForRoleChange()
        node.config.replication.primary = (host, port)
        flushStream()
        cancelHandshake(reconnect: false)
        if wasMaster {
            cachedMaster = nil
            cacheMasterUsingMyself(db: 0)
        }
        updateFlags()
        linkState = .connect
        node.log.notice("Connecting to MASTER \(host):\(port)")
        connectToMaster()
    }

    /// `replicationUnsetMaster` (REPLICAOF NO ONE): stop following and start a new history
    /// that continues the old one, so other replicas of the old master can resume with us.
    func promoteToMaster() {
        guard isReplica else { return }
        node.config.replication.primary = nil
        if master != nil { closeMasterLink(cache: false) }
        cachedMaster = nil
        cancelHandshake(reconnect: false)
        link?.close()
        link = nil
        history.shift()
        node.log.warning(
            "Setting secondary replication ID to \(history.previousID), valid up to offset: \(history.previousIDLimit). New replication ID is \(history.id)"
        )
        // They must learn the new id; they will resume partially.
        disconnectReplicas()
        linkState = .none
        streamDB = -1
        noReplicasSince = node.clock()
        linkDownSince = 0
        announcedSync = nil
        updateFlags()
        if node.config.appendOnly && node.persistence.aofState == .off {
            try? node.persistence.setAppendOnly(true)
        }
    }

    /// `replicationCacheMasterUsingMyself`: our own id and offset, to try PSYNC with a new master.
    func cacheMasterUsingMyself(db: Int) {
        node.log.notice(
            "Before turning into a replica, using my own master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer."
        )
        cachedMaster = CachedMaster(replicationID: history.id, offset: history.offset, db: db)
    }

    // MARK: The link

    func connectToMaster() {
        guard let primary = settings.primary else { return }
        let link = MasterLink(replication: self, host: primary.host, port: primary.port)
        self.link = link
        linkState = .connecting
        node.log.notice("MASTER <-> REPLICA sync started")
        link.connect()
    }

    /// `cancelReplicationHandshake`: abandon a connection that is not synchronised yet.
    func cancelHandshake(reconnect: Bool) {
        guard linkState == .connecting || linkState == .handshake || linkState == .transfer else { return }
        link?.close()
        link = nil
        announcedSync = nil
        linkState = .connect
        guard reconnect, let primary = settings.primary else { return }
        node.log.notice("Reconnecting to MASTER \(primary.host):\(primary.port) after failure")
        connectToMaster()
    }

    /// Ends the synchronised link; `cache` keeps what is needed to resume with PSYNC
    /// (`replicationCacheMaster`).
    func closeMasterLink(cache: Bool) {
        guard let master else { return }
        if cache {
            node.log.notice("Caching the disconnected master state.")
            cachedMaster = CachedMaster(
                replicationID: master.replicationID, offset: master.appliedOffset, db: master.client.database.id)
        }
        self.master = nil
        master.detach()
        link?.close()
        link = nil
        linkState = .connect
        linkDownSince = node.clock()
    }

    func linkConnected(_ link: MasterLink) {
        guard link === self.link else { return }
        linkState = .handshake
    }

    /// The handshake or the transfer failed: try again from the cron.
    func linkFailed(_ link: MasterLink, _ reason: String) {
        guard link === self.link else { return }
        node.log.warning("\(reason)")
        link.close()
        self.link = nil
        announcedSync = nil
        if linkState != .none { linkState = .connect }
    }

    /// The connection closed under us.
    func linkClosed(_ link: MasterLink) {
        guard link === self.link else { return }
        if master != nil {
            node.log.notice("Connection with master lost.")
            closeMasterLink(cache: true)
            if let primary = settings.primary {
                node.log.notice("Reconnecting to MASTER \(primary.host):\(primary.port)")
                connectToMaster()
            }
        } else {
            linkFailed(link, "I/O error trying to sync with MASTER: connection lost")
        }
    }

    /// What PSYNC asks for: the cached master's history, or `? -1`.
    func psyncRequest() -> (id: String, offset: Int64) {
        if let cachedMaster {
            node.log.notice(
                "Trying a partial resynchronization (request \(cachedMaster.replicationID):\(cachedMaster.offset + 1)).")
            return (cachedMaster.replicationID, cachedMaster.offset + 1)
        }
        node.log.notice("Partial resynchronization not possible (no cached master)")
        return ("?", -1)
    }

    /// +FULLRESYNC: a snapshot follows.
    func fullResyncAnnounced(id: String?, offset: Int64) {
        if let id {
            node.log.notice("Full resync from master: \(id):\(offset)")
        } else {
            node.log.warning("Master replied with wrong +FULLRESYNC syntax.")
        }
        announcedSync = (id, offset)
        linkState = .transfer
    }

    /// +CONTINUE: the master resumes the stream where the cached master left off.
    func partialResyncAccepted(_ link: MasterLink, newID: String?) -> Bool {
        guard var cached = cachedMaster else {
            linkFailed(link, "Master accepted a partial resynchronization we did not ask for")
            return false
        }
        node.log.notice("Successful partial resynchronization with master.")
        if let newID, newID != cached.replicationID {
            node.log.warning("Master replication ID changed to \(newID)")
            history.previousID = cached.replicationID
            history.previousIDLimit = history.offset + 1
            history.id = newID
            cached.replicationID = newID
            disconnectReplicas()
        }
        cachedMaster = nil
        master = MasterStream(replication: self, link: link, replicationID: cached.replicationID, offset: cached.offset, db: cached.db)
        linkState = .connected
        linkDownSince = 0
        if backlog == nil { createBacklog() }
        node.log.notice("MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.")
        return true
    }

    /// The whole snapshot arrived (`readSyncBulkPayload`): replace the dataset with it, keep
    /// it as this node's RDB file (so a restart can resume with PSYNC), and follow the stream
    /// from the offset it was taken at.
    func loadSnapshot(_ payload: ByteBuffer, from link: MasterLink, marked: Bool) -> Bool {
        guard link === self.link else { return false }
        let persistence = node.persistence
        // `replicationAttachToNewMaster`: a new history, so nothing of the old one is kept
        // (replicas first, so that stopping a snapshot does not start one for them).
        cachedMaster = nil
        disconnectReplicas()
        freeBacklog()
        if persistence.aofState != .off { try? persistence.setAppendOnly(false) }
        if persistence.saveChild != nil {
            node.log.notice(
                "Replica is about to load the RDB file received from the master, but there is a pending RDB child running. Killing process \(persistence.saveChild!.pid) and removing its temp file to avoid any race"
            )
            persistence.killBackgroundSave()
        }
        node.log.notice("MASTER <-> REPLICA sync: Flushing old data")
        for db in node.databases { _ = node.emptyDatabase(db) }
        node.log.notice("MASTER <-> REPLICA sync: Loading DB in memory")
        let aux: [String: String]
        do {
            try SnapshotStore.keep(payload, as: persistence.rdbPath)
            aux = try SnapshotStore.load(payload, into: node.databases, limits: node.config.encoding)
        } catch {
            node.log.warning("Failed trying to load the MASTER synchronization DB from disk: \(error)")
            for db in node.databases { _ = node.emptyDatabase(db) }
            linkFailed(link, "MASTER <-> REPLICA sync: aborted")
            return false
        }
        let announced = announcedSync ?? (nil, -1)
        announcedSync = nil
        let db = aux["repl-stream-db"].flatMap(Int.init) ?? 0
        master = MasterStream(
            replication: self, link: link, replicationID: announced.id ?? ReplicationHistory.noID,
            offset: announced.offset, db: (0..<node.databases.count).contains(db) ? db : 0)
        linkState = .connected
        linkDownSince = 0
        history.id = announced.id ?? ReplicationHistory.noID
        history.offset = announced.offset
        history.forgetPreviousID()
        createBacklog()
        node.log.notice("MASTER <-> REPLICA sync: Finished with success")
        // A diskless master waits for this ACK before it streams.
        if marked { sendAck() }
        if node.config.appendOnly { try? persistence.setAppendOnly(true) }
        return true
    }

    /// `REPLCONF ACK <offset>` to the master.
    func sendAck() {
        guard let master else { return }
        master.link.send(["REPLCONF", "ACK", String(master.appliedOffset)])
    }

    /// A command from the master could not be parsed: the link is useless.
    func masterProtocolError(_ error: RESPProtocolError) {
        node.log.warning("Protocol error (\(error.logReason)) from client: master. Closing the link.")
        if let link { linkClosed(link) }
    }

    /// The bytes of a command applied from the master, passed on unchanged.
    func applied(_ bytes: ByteBuffer) {
        appendToStream(bytes)
    }

    func replicaCron(now: Int64) {
        let timeout = Int64(settings.timeout) * 1000
        switch linkState {
        case .connecting, .handshake:
            if let link, now - link.lastIO > timeout {
                node.log.warning("Timeout connecting to the MASTER...")
                cancelHandshake(reconnect: true)
            }
        case .transfer:
            if let link, now - link.lastIO > timeout {
                node.log.warning(
                    "Timeout receiving bulk data from MASTER... If the problem persists try to set the 'repl-timeout' parameter in redis.conf to a larger value."
                )
                cancelHandshake(reconnect: true)
            }
        case .connected:
            if let master, now - master.lastInteraction > timeout {
                node.log.warning("MASTER timeout: no data nor PING received...")
                closeMasterLink(cache: true)
                if let primary = settings.primary {
                    node.log.notice("Reconnecting to MASTER \(primary.host):\(primary.port)")
                    connectToMaster()
                }
            }
        case .connect, .none:
            break
        }
        if linkState == .connect, let primary = settings.primary {
            node.log.notice("Connecting to MASTER \(primary.host):\(primary.port)")
            connectToMaster()
        }
        sendAck()
    }
}

extension RedisNode {
    /// Clients blocked when the node changes role would wait for something that cannot come:
    /// Redis unblocks them with an error and closes them (`disconnectAllBlockedClients`).
    func unblockClientsForRoleChange() {
        for client in clients.values where client.isBlocked {
            blocking.unblock(client)
            client.reply.error(
                "UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)")
            client.closeAfterReply = true
            client.scheduleFlush()
        }
    }
}

extension Replication {
    /// Why this replica refuses `spec` from `client`, if it does (`processCommand`): writes
    /// on a read-only replica, and with `replica-serve-stale-data no`, commands not flagged
    /// `stale` while the link is down. The master's own commands always run.
    func refusal(of spec: CommandSpec, for client: Client) -> RedisError? {
        if client.isMasterLink { return nil }
        if settings.readOnly && (spec.flags.contains(.write) || (spec.name == "exec" && queuesWrites(client))) {
            return RedisError("READONLY You can't write against a read only replica.")
        }
        if !settings.serveStaleData && linkState != .connected && !spec.flags.contains(.stale) {
            return RedisError("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")
        }
        return nil
    }

    private func queuesWrites(_ client: Client) -> Bool {
        client.multi?.contains { node.commands.lookup($0[0])?.flags.contains(.write) == true } ?? false
    }
}

extension RedisNode {
    /// `master_replid`: the replication history this node's data belongs to.
    public var replicationID: String { replication.history.id }
}
