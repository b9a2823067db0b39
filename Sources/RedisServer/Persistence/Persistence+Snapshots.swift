#if canImport(Glibc)
import Glibc
#endif

/// SAVE, BGSAVE and their bookkeeping.
extension Persistence {
    var hasChild: Bool { saveChild != nil || rewriteChild != nil }

    /// SAVE (and saves on shutdown / FLUSHALL): in the foreground.
    func saveSynchronously() -> Bool {
        do {
            try RDBSnapshot.write(node.databases, to: rdbPath, config: config, aux: node.replication.rdbSaveInfo())
        } catch {
            // A failed SAVE is reported to its caller; only BGSAVE failures stop writes.
            node.log.warning("Failed saving the DB: \(error)")
            return false
        }
        node.log.notice("DB saved on disk")
        node.dirty = 0
        lastSaveTime = node.clock() / 1000
        lastBgsaveOK = true
        rdbSaves += 1
        return true
    }

    enum BackgroundResult {
        case started
        case alreadyInProgress
        case scheduledBehindRewrite
        case failed
    }

    /// BGSAVE: a forked child writes the snapshot.
    func backgroundSave() -> BackgroundResult {
        if saveChild != nil { return .alreadyInProgress }
        if rewriteChild != nil { return .scheduledBehindRewrite }
        lastBgsaveAttempt = node.clock() / 1000
        let databases = node.databases
        let path = rdbPath
        let config = self.config
        let sink = node.logSink
        let aux = node.replication.rdbSaveInfo()
        let before = Clock.monotonicMicroseconds()
        guard
            let pid = ChildProcess.spawn({
                sink.role = "C"
                do {
                    try RDBSnapshot.write(databases, to: path, config: config, aux: aux)
                    sink.write(RedisLogHandler.line("DB saved on disk", role: "C"))
                    return true
                } catch {
                    sink.write(RedisLogHandler.line("Write error saving DB on disk: \(error)", role: "C", mark: "#"))
                    return false
                }
            })
        else {
            node.log.warning("Can't save in background: fork: \(String(cString: strerror(errno)))")
            lastBgsaveOK = false
            return .failed
        }
        node.stats.forkCount += 1
        node.stats.lastForkMicroseconds = Clock.monotonicMicroseconds() - before
        saveChild = Child(pid: pid, started: node.clock(), dirtyAtStart: node.dirty)
        node.log.notice("Background saving started by pid \(pid)")
        return .started
    }

    func killBackgroundSave() {
        guard let child = saveChild else { return }
        ChildProcess.kill(child.pid)
        unlink(RDBSnapshot.temporaryPath(for: rdbPath, pid: child.pid))
        saveChild = nil
        node.replication.snapshotFinished(ok: false)
    }

    /// Called from cron: finishes a BGSAVE whose child exited.
    func reapSaveChild() {
        guard let child = saveChild else { return }
        var succeeded = false
        switch ChildProcess.poll(child.pid) {
        case .running:
            return
        case .exited(let code) where code == 0:
            succeeded = true
            node.log.notice("Background saving terminated with success")
            node.dirty -= child.dirtyAtStart
            lastSaveTime = node.clock() / 1000
            lastBgsaveOK = true
            rdbSaves += 1
        case .exited:
            node.log.warning("Background saving error")
            lastBgsaveOK = false
        case .signalled(let signal):
            node.log.warning("Background saving terminated by signal \(signal)")
            unlink(RDBSnapshot.temporaryPath(for: rdbPath, pid: child.pid))
            // A save we killed on purpose is not an error (Redis uses SIGUSR1 for that).
            if signal != SIGUSR1 { lastBgsaveOK = false }
        }
        lastBgsaveDuration = (node.clock() - child.started) / 1000
        saveChild = nil
        // Replicas waiting for this snapshot get it now (or are dropped if it failed).
        node.replication.snapshotFinished(ok: succeeded)
    }
}
