import NIOCore

/// Master/replica replication, wire-compatible with Redis 7.0 (PSYNC2).
///
/// Both roles share one stream: on a master, every propagated write is encoded into it
/// (with SELECT when the db changes); on a replica, the bytes applied from its master are
/// passed on unchanged, so its own replicas and its backlog see the master's stream, and
/// offsets and replication ids mean the same thing on every node of a chain.
///
/// The backlog is created when the first replica attaches (as Redis does), so a node that
/// never had a replica encodes nothing: `feedsStream` stays false and writes skip the stream
/// entirely. Replicas themselves always keep a backlog, so that they can serve partial
/// resynchronisations once promoted. A master frees its backlog after `repl-backlog-ttl`
/// seconds without replicas.
///
/// All of it runs on the node's event loop, like the rest of the node.
final class Replication: @unchecked Sendable {
    /// Set right after the node is built (the node owns this object).
    unowned(unsafe) var node: RedisNode!
    var settings: ReplicationSettings { node.config.replication }

    // MARK: The stream (both roles)

    var history = ReplicationHistory()
    var backlog: ReplicationBacklog?
    /// True on a master with a backlog: writes are encoded into the stream. Checked on every
    /// propagated write, so kept as a stored flag.
    private(set) var feedsStream = false
    /// True while this node follows a master (`server.masterhost != NULL`).
    private(set) var isReplica = false
    /// The db the stream last selected (`server.slaveseldb`); -1 makes the next write SELECT.
    var streamDB = -1
    /// Stream bytes produced since replicas were last written to.
    var pendingStream = ByteBuffer()
    private var streamFlushScheduled = false
    private var scratch = ByteBuffer()

    // MARK: Master side

    /// Attached replicas, in the order they attached (INFO's slave0, slave1 ...).
    var replicas: [ReplicaPeer] = []
    var noReplicasSince: Int64 = 0
    var stats = Stats()
    /// Clients blocked in WAIT.
    var waiting: [WaitingClient] = []
    var ackRequestScheduled = false

    struct Stats {
        var fullSyncs = 0
        var partialSyncsAccepted = 0
        var partialSyncsRefused = 0
        var inputBytes = 0
        var outputBytes = 0
    }

    // MARK: Replica side

    /// Redis's `repl_state`, folded to what INFO and ROLE distinguish.
    enum LinkState: Equatable {
        /// Not a replica.
        case none
        /// Must connect (the cron retries every second).
        case connect
        case connecting
        /// PING, AUTH, REPLCONF, PSYNC.
        case handshake
        /// Receiving the snapshot.
        case transfer
        case connected
    }

    var linkState = LinkState.none
    /// The connection to the master, from connect to close.
    var link: MasterLink?
    /// The master, while the link is up and synchronised (`server.master`).
    var master: MasterStream?
    /// What is needed to resume from where the last master left off (`server.cached_master`).
    var cachedMaster: CachedMaster?
    /// Unix ms the link went down (0: it is up, or never was).
    var linkDownSince: Int64 = 0
    /// The full resync the master announced: its id and the offset its snapshot is at.
    var announcedSync: (id: String?, offset: Int64)?
    /// True while a command from the master runs: it may write and it sees expired keys.
    var applyingMasterStream = false

    struct CachedMaster {
        var replicationID: String
        var offset: Int64
        var db: Int
    }

    private var lastCron: Int64 = 0
    private var cronLoops = 0

    init() {}

    func attach(to node: RedisNode) {
        self.node = node
        noReplicasSince = node.clock()
        if node.config.replication.primary != nil {
            // `replicaof` in the config: connect from the first cron tick.
            isReplica = true
            linkState = .connect
        }
        updateFlags()
    }

    func updateFlags() {
        isReplica = settings.primary != nil
        feedsStream = !isReplica && backlog != nil
    }

    // MARK: Feeding the stream

    /// A command the node propagates (`replicationFeedSlaves`); `db` nil for commands that
    /// touch no keyspace (PING, REPLCONF GETACK), which never SELECT.
    func feed(db: Int?, _ command: [Bytes]) {
        guard feedsStream, !node.persistence.loading else { return }
        scratch.clear()
        if let db, db != streamDB {
            CommandStreamEncoding.append(["SELECT", Bytes(Int64(db))], to: &scratch)
            streamDB = db
        }
        CommandStreamEncoding.append(command, to: &scratch)
        appendToStream(scratch)
    }

    /// Adds bytes to the stream: the backlog, the offset, and every replica following it.
    func appendToStream(_ bytes: ByteBuffer) {
        backlog?.append(bytes)
        history.offset += Int64(bytes.readableBytes)
        guard replicas.contains(where: { $0.state == .waitBgsaveEnd || $0.state.isStreaming }) else { return }
        pendingStream.writeImmutableBuffer(bytes)
        if !streamFlushScheduled {
            streamFlushScheduled = true
            node.loop.execute { [self] in flushStream() }
        }
    }

    /// Hands the pending stream to replicas: written to the sockets of those streaming,
    /// kept for those whose snapshot is being made. Called after each event, and before any
    /// replica changes state, so no replica gets bytes from before its snapshot point.
    func flushStream() {
        streamFlushScheduled = false
        guard pendingStream.readableBytes > 0 else { return }
        let data = pendingStream
        pendingStream = ByteBufferAllocator().buffer(capacity: min(64 * 1024, data.readableBytes))
        for replica in replicas {
            switch replica.state {
            case .waitBgsaveEnd:
                replica.buffered.writeImmutableBuffer(data)
            case .sendBulk, .online:
                replica.send(data)
                stats.outputBytes += data.readableBytes
            case .handshake, .waitBgsaveStart:
                break
            }
        }
    }

    // MARK: Backlog

    func createBacklog() {
        backlog = ReplicationBacklog(capacity: settings.effectiveBacklogSize, after: history.offset)
        updateFlags()
    }

    func freeBacklog() {
        backlog = nil
        updateFlags()
    }

    /// CONFIG SET repl-backlog-size: the backlog keeps its newest bytes.
    func backlogSizeChanged() {
        backlog?.resize(to: settings.effectiveBacklogSize)
    }

    // MARK: Persistence

    /// AUX fields that let a node restarted from this snapshot resume replication
    /// (`rdbPopulateSaveInfo`), or none when it takes part in no replication.
    func rdbSaveInfo() -> [(String, String)] {
        let db: Int
        if !isReplica && backlog != nil {
            db = streamDB == -1 ? 0 : streamDB
        } else if let master {
            db = master.client.database.id
        } else if let cachedMaster {
            db = cachedMaster.db
        } else {
            return []
        }
        return [("repl-stream-db", String(db)), ("repl-id", history.id), ("repl-offset", String(history.offset))]
    }

    /// After loading a snapshot at start-up: a replica takes the replication id and offset
    /// it holds, so that it can resume with PSYNC instead of a full resynchronisation.
    func restore(fromSnapshot aux: [String: String]) {
        guard isReplica, let id = aux["repl-id"], id.utf8.count == 40, let offset = aux["repl-offset"].flatMap(Int64.init),
            offset != -1, let db = aux["repl-stream-db"].flatMap(Int.init), db != -1
        else { return }
        history.id = id
        history.offset = offset
        cacheMasterUsingMyself(db: db)
    }

    /// The snapshot a replica loads at start-up keeps expired keys: its master decides.
    var loadsExpiredKeys: Bool { isReplica }

    // MARK: Cron

    /// Called at every node cron tick; the work runs once a second (`replicationCron`).
    func cron() {
        let now = node.clock()
        guard now - lastCron >= 1000 else { return }
        lastCron = now
        if isReplica { replicaCron(now: now) }
        masterCron(now: now, loop: cronLoops)
        cronLoops += 1
    }
}
