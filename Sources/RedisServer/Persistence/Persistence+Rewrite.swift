import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// BGREWRITEAOF and switching the AOF on and off at run time (Redis 7.0's multi-part AOF:
/// the parent moves to a new incremental file at once while a child writes the new base).
extension Persistence {
    var tempIncrementalName: String { "temp-\(config.appendFilename).incr" }

    func backgroundRewrite() -> BackgroundResult {
        if rewriteChild != nil { return .alreadyInProgress }
        if saveChild != nil || node.inExec {
            rewriteScheduled = true
            return .scheduledBehindRewrite
        }
        do {
            try FileManager.default.createDirectory(atPath: aofDirectory, withIntermediateDirectories: true)
            if let aof {
                // New writes go to a fresh incremental file; the child's base covers the rest.
                let name = waitingForFirstRewrite ? tempIncrementalName : nextIncrementalName()
                try aof.switchTo(fileName: name, now: node.clock())
                if !waitingForFirstRewrite { try persistManifest() }
            }
        } catch {
            node.log.warning("Can't open new incr AOF: \(error)")
            return .failed
        }
        let temp = "\(aofDirectory)/temp-rewriteaof-bg-\(getpid()).aof"
        let sink = node.logSink
        let before = Clock.monotonicMicroseconds()
        guard
            let pid = ChildProcess.spawn({ [self] in
                sink.role = "C"
                do {
                    try writeBase(to: temp)
                    return true
                } catch {
                    return false
                }
            })
        else {
            node.log.warning("Can't rewrite append only file in background: fork: \(String(cString: strerror(errno)))")
            return .failed
        }
        node.stats.forkCount += 1
        node.stats.lastForkMicroseconds = Clock.monotonicMicroseconds() - before
        rewriteChild = Child(pid: pid, started: node.clock(), dirtyAtStart: node.dirty)
        rewriteTempPath = temp
        node.log.notice("Background append only file rewriting started by pid \(pid)")
        return .started
    }

    private func nextIncrementalName() -> String {
        manifest.newIncremental(prefix: config.appendFilename)
    }

    /// Cron: installs the new base when the rewrite child finished.
    func reapRewriteChild() {
        guard let child = rewriteChild else { return }
        switch ChildProcess.poll(child.pid) {
        case .running:
            return
        case .exited(let code) where code == 0:
            node.log.notice("Background AOF rewrite terminated with success")
            do {
                try installRewrittenBase()
                lastRewriteOK = true
                aofRewrites += 1
                node.log.notice("Background AOF rewrite finished successfully")
            } catch {
                node.log.warning("Error installing the rewritten AOF: \(error)")
                lastRewriteOK = false
            }
        case .exited, .signalled:
            node.log.warning("Background AOF rewrite terminated with error")
            lastRewriteOK = false
            if let path = rewriteTempPath { unlink(path) }
        }
        lastRewriteDuration = (node.clock() - child.started) / 1000
        rewriteChild = nil
        rewriteTempPath = nil
    }

    private func installRewrittenBase() throws {
        guard let temp = rewriteTempPath else { return }
        let baseName = manifest.newBase(prefix: config.appendFilename, rdbPreamble: config.aofUseRDBPreamble)
        guard rename(temp, "\(aofDirectory)/\(baseName)") == 0 else {
            throw FileSink.Failure(description: "can't rename \(temp): \(FileSink.lastError())")
        }
        if waitingForFirstRewrite, let aof {
            // AOF was just switched on: the temp incremental file becomes the first real one.
            let incr = manifest.newIncremental(prefix: config.appendFilename)
            guard rename("\(aofDirectory)/\(tempIncrementalName)", "\(aofDirectory)/\(incr)") == 0 else {
                throw FileSink.Failure(description: "can't rename the temp incr AOF: \(FileSink.lastError())")
            }
            try aof.switchTo(fileName: incr, now: node.clock())
            waitingForFirstRewrite = false
        }
        manifest.retireIncrementals(keepingLast: aof != nil)
        try persistManifest()
        deleteHistory()
        aofBaseSize = aofTotalSize()
    }

    func deleteHistory() {
        for h in manifest.history {
            unlink("\(aofDirectory)/\(h.name)")
            node.log.notice("Removing the history file \(h.name) in the background")
        }
        manifest.history.removeAll()
        try? persistManifest()
    }

    /// CONFIG SET appendonly yes|no.
    func appendOnlyChanged() {
        if config.appendOnly && aof == nil {
            do {
                try FileManager.default.createDirectory(atPath: aofDirectory, withIntermediateDirectories: true)
                aof = try AppendOnlyFile(directory: aofDirectory, fileName: tempIncrementalName, now: node.clock())
                waitingForFirstRewrite = true
            } catch {
                node.log.warning("Redis needs to enable the AOF but can't open the AOF: \(error)")
                config.appendOnly = false
                return
            }
            if case .failed = backgroundRewrite() {
                node.log.warning(
                    "Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error."
                )
            }
        } else if !config.appendOnly, let aof {
            aof.syncNow(now: node.clock())
            self.aof = nil
            if let child = rewriteChild {
                ChildProcess.kill(child.pid)
                rewriteChild = nil
            }
            if waitingForFirstRewrite { unlink("\(aofDirectory)/\(tempIncrementalName)") }
            waitingForFirstRewrite = false
        }
    }
}
