import NIOCore

/// One MIGRATE in flight: the part of Redis's `migrateCommand` from the connect on. Redis
/// blocks the whole server meanwhile; here the migrating client waits (as if blocked, with
/// no keys) and every other client's commands are held (`RedisNode.migratingClient`, the
/// same queue as a failover's write pause) until the target answered or the timeout ran
/// out. Then the acknowledged keys are deleted (unless COPY, propagated as one DEL), the
/// reply goes out and the held commands run.
final class MigrateTransfer: @unchecked Sendable {
    private let node: RedisNode
    private let client: Client
    private let db: Database
    private let spec: CommandSpec
    private let request: MigrateRequest
    private let restores: [(key: Bytes, command: [Bytes])]

    /// One retry on a fresh connection when a (cached) one failed before any RESTORE reply.
    private var mayRetry = true
    private var link: MigrateSockets.Link?
    private var attempt = 0
    private var writing = false
    private var sentSelect = false
    private var authReply: String?
    private var selectReply: String?
    private var restoreReplies = 0
    private var targetError: String?
    private var acknowledged: [Bytes] = []
    private var timer: Scheduled<Void>?
    private var finished = false

    init(call: Call, request: MigrateRequest, restores: [(key: Bytes, command: [Bytes])]) {
        self.node = call.node
        self.client = call.client
        self.db = call.db
        self.spec = call.spec
        self.request = request
        self.restores = restores
    }

    func start() {
        node.migratingClient = client
        client.blocked = BlockedState(db: db.id, keys: [], spec: spec, args: [], timeout: nil)
        connect()
    }

    private func connect() {
        node.migrateSockets.link(host: request.host, port: request.port, timeout: request.timeout) { [self] result in
            switch result {
            case .success(let link):
                send(on: link)
            case .failure(.connecting):
                finish(RedisError("IOERR error or timeout connecting to the client"))
            case .failure(.writing):
                // Redis retries once after a write error (a fresh connect that fails alike).
                if mayRetry {
                    mayRetry = false
                    connect()
                } else {
                    finish(RedisError("IOERR error or timeout writing to target instance"))
                }
            }
        }
    }

    private func send(on link: MigrateSockets.Link) {
        self.link = link
        attempt += 1
        let thisAttempt = attempt
        (authReply, selectReply, restoreReplies, targetError) = (nil, nil, 0, nil)
        var out = ByteBufferAllocator().buffer(capacity: 256)
        if let password = request.password {
            CommandStreamEncoding.append(["AUTH"] + (request.username.map { [$0] } ?? []) + [password], to: &out)
        }
        sentSelect = link.lastDB != request.db
        if sentSelect { CommandStreamEncoding.append(["SELECT", Bytes(request.db)], to: &out) }
        for restore in restores { CommandStreamEncoding.append(restore.command, to: &out) }

        link.onLine = { [self] line in received(line) }
        link.onClose = { [self] in failed(timedOut: false) }
        writing = true
        armTimer()
        guard let written = link.write(out) else {
            failed(timedOut: false)
            return
        }
        written.whenComplete { [self] result in
            guard attempt == thisAttempt, !finished else { return }
            switch result {
            case .success:
                writing = false
                if expectedReplies == 0 { completed() }
            case .failure:
                failed(timedOut: false)
            }
        }
    }

    private var expectedReplies: Int {
        (request.password != nil ? 1 : 0) + (sentSelect ? 1 : 0) + restores.count
    }

    private func armTimer() {
        timer?.cancel()
        let thisAttempt = attempt
        timer = node.loop.scheduleTask(in: .milliseconds(request.timeout)) { [self] in
            guard attempt == thisAttempt, !finished else { return }
            failed(timedOut: true)
        }
    }

    /// One reply line: AUTH's, SELECT's, then one per RESTORE. The first error among them
    /// is the one reported; keys whose RESTORE succeeded are deleted here either way.
    private func received(_ line: String) {
        guard !finished else { return }
        armTimer()
        if request.password != nil && authReply == nil {
            authReply = line
            return
        }
        if sentSelect && selectReply == nil {
            selectReply = line
            return
        }
        let index = restoreReplies
        restoreReplies += 1
        let failure = [authReply, selectReply, line].first { $0?.hasPrefix("-") == true } ?? nil
        if let failure {
            if targetError == nil {
                link?.lastDB = -1
                targetError = String(failure.dropFirst())
            }
        } else if !request.copy {
            acknowledged.append(restores[index].key)
        }
        if restoreReplies == restores.count { completed() }
    }

    private func completed() {
        guard let link else { return }
        link.lastUse = node.clock()
        if let targetError {
            finish(RedisError("ERR Target instance replied with error: \(targetError)"))
        } else {
            link.lastDB = request.db
            finish(nil)
        }
    }

    /// The connection failed, closed, or stayed silent past the timeout.
    private func failed(timedOut: Bool) {
        // No link: a retry is connecting; late news of the old connection is stale.
        guard !finished, link != nil else { return }
        timer?.cancel()
        let wasWriting = writing
        if let link {
            link.onLine = nil
            link.onClose = nil
            node.migrateSockets.close(link.name)
        }
        link = nil
        if targetError == nil && restoreReplies == 0 && mayRetry && !timedOut {
            mayRetry = false
            connect()
            return
        }
        if let targetError {
            finish(RedisError("ERR Target instance replied with error: \(targetError)"))
        } else {
            finish(RedisError("IOERR error or timeout \(wasWriting ? "writing" : "reading") to target instance"))
        }
    }

    private func finish(_ error: RedisError?) {
        guard !finished else { return }
        finished = true
        timer?.cancel()
        link?.onLine = nil
        link?.onClose = nil
        if !acknowledged.isEmpty {
            // Redis rewrites the MIGRATE as DEL of the keys the target acknowledged.
            for key in acknowledged {
                db.remove(key)
                node.watches.touch(db: db.id, key: key, node: node)
            }
            node.dirty += acknowledged.count
            if node.hasPropagationTargets {
                node.propagate(db: db.id, ["DEL"] + acknowledged)
                client.replicationWriteOffset = node.replication.history.offset
            }
        }
        node.migratingClient = nil
        client.blocked = nil
        if let error {
            client.reply.error(error.message)
            node.countError(error)
        } else {
            client.reply.ok()
        }
        if !client.closing { node.resumeAfterUnblock(client) }
        node.resumePausedClients()
    }
}
