import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// BGREWRITEAOF and switching the AOF on and off at run time, as Redis 7.0's multi-part AOF
/// does it: at fork time the parent moves to a new incremental file while the child writes a
/// new base of everything before; when the child succeeds the manifest names the new base
/// and the incremental files it covered become history.
extension Persistence {
    var tempIncrementalName: String { "temp-\(config.appendFilename).incr" }

    func rewriteTempPath(for pid: pid_t) -> String { "\(aofDirectory)/temp-rewriteaof-bg-\(pid).aof" }

    func backgroundRewrite() -> BackgroundResult {
        if rewriteChild != nil { return .alreadyInProgress }
        if saveChild != nil || node.inExec {
            rewriteScheduled = true
            return .scheduledBehindRewrite
        }
        do {
            try FileManager.default.createDirectory(atPath: aofDirectory, withIntermediateDirectories: true)
            try openIncrementalForRewrite()
        } catch {
            node.log.warning("Can't open new incr AOF: \(error)")
            return .failed
        }
        let sink = node.logSink
        let before = Clock.monotonicMicroseconds()
        let pid = ChildProcess.spawn { [self] in
            sink.role = "C"
            do {
                try writeBase(to: rewriteTempPath(for: getpid()))
                sink.write(RedisLogHandler.line("Successfully created the temporary AOF base file", role: "C"))
                return true
            } catch {
                sink.write(RedisLogHandler.line("Error writing the AOF base: \(error)", role: "C", mark: "#"))
                return false
            }
        }
        guard let pid else {
            node.log.warning("Can't rewrite append only file in background: fork: \(String(cString: strerror(errno)))")
            abandonTempIncremental()
            return .failed
        }
        node.stats.forkCount += 1
        node.stats.lastForkMicroseconds = Clock.monotonicMicroseconds() - before
        rewriteChild = Child(pid: pid, started: node.clock(), dirtyAtStart: node.dirty)
        rewriteTempPath = rewriteTempPath(for: pid)
        node.log.notice("Background append only file rewriting started by pid \(pid)")
        return .started
    }

    /// `openNewIncrAofForAppend`: AOF on — a new incremental file, recorded in the manifest
    /// before anything is written to it; AOF being switched on — an empty temp file.
    private func openIncrementalForRewrite() throws {
        switch aofState {
        case .off:
            return
        case .waitRewrite:
            aof = try AppendOnlyFile(directory: aofDirectory, fileName: tempIncrementalName, now: node.clock(), truncate: true)
        case .on:
            guard let aof else { return }
            var next = manifest
            let name = next.newIncremental(prefix: config.appendFilename)
            let previous = aof.fileName
            try aof.switchTo(fileName: name, now: node.clock(), policy: config.appendFsync)
            do {
                try persistManifest(next)
            } catch {
                // The disk does not know the new file: go on with the old one.
                try? aof.switchTo(fileName: previous, now: node.clock(), policy: config.appendFsync)
                unlink("\(aofDirectory)/\(name)")
                throw error
            }
            manifest = next
        }
    }

    /// While AOF is being switched on, the temp incremental file only makes sense together
    /// with the base being written; without it, drop it (the next attempt re-snapshots).
    private func abandonTempIncremental() {
        guard aofState == .waitRewrite else { return }
        aof = nil
        unlink("\(aofDirectory)/\(tempIncrementalName)")
    }

    /// Cron: installs the new base when the rewrite child finished.
    func reapRewriteChild() {
        guard let child = rewriteChild, let temp = rewriteTempPath else { return }
        let outcome = ChildProcess.poll(child.pid)
        if case .running = outcome { return }
        rewriteChild = nil
        rewriteTempPath = nil
        lastRewriteDuration = (node.clock() - child.started) / 1000
        if case .exited(0) = outcome {
            node.log.notice("Background AOF rewrite terminated with success")
            do {
                try installRewrittenBase(from: temp)
                lastRewriteOK = true
                rewriteFailures = 0
                aofRewrites += 1
                node.log.notice("Background AOF rewrite finished successfully")
                return
            } catch {
                node.log.warning("Error installing the rewritten AOF: \(error)")
            }
        } else {
            node.log.warning("Background AOF rewrite terminated with error")
        }
        unlink(temp)
        lastRewriteOK = false
        rewriteFailures += 1
        if aofState == .waitRewrite {
            abandonTempIncremental()
            rewriteScheduled = true
        }
    }

    private func installRewrittenBase(from temp: String) throws {
        var next = manifest
        let baseName = next.newBase(prefix: config.appendFilename, rdbPreamble: config.aofUseRDBPreamble)
        var incrementalName: String?
        if aofState == .waitRewrite {
            // AOF was just switched on: the temp incremental file becomes the first real one.
            incrementalName = next.newIncremental(prefix: config.appendFilename)
        }
        guard rename(temp, "\(aofDirectory)/\(baseName)") == 0 else {
            throw FileSink.Failure(description: "can't rename \(temp): \(FileSink.lastError())")
        }
        if let incrementalName {
            guard rename("\(aofDirectory)/\(tempIncrementalName)", "\(aofDirectory)/\(incrementalName)") == 0 else {
                throw FileSink.Failure(description: "can't rename the temp incr AOF: \(FileSink.lastError())")
            }
        }
        next.retireIncrementals(keepingLast: aofState != .off)
        try persistManifest(next)
        manifest = next
        if let incrementalName {
            aof?.renamed(to: incrementalName)
            aofState = .on
        }
        deleteHistory()
        aofBaseSize = aofTotalSize()
    }

    func deleteHistory() {
        guard !manifest.history.isEmpty else { return }
        var next = manifest
        let history = next.history
        next.history.removeAll()
        guard (try? persistManifest(next)) != nil else { return }
        manifest = next
        for h in history {
            unlink("\(aofDirectory)/\(h.name)")
            node.log.notice("Removing the history file \(h.name) in the background")
        }
    }

    /// Kills a running rewrite child and removes what it was writing.
    func killRewriteChild() {
        guard let child = rewriteChild else { return }
        ChildProcess.kill(child.pid)
        if let temp = rewriteTempPath { unlink(temp) }
        rewriteChild = nil
        rewriteTempPath = nil
    }

    /// CONFIG SET appendonly yes|no (`startAppendOnly` / `stopAppendOnly`).
    func setAppendOnly(_ enabled: Bool) throws(ConfigError) {
        if enabled && aofState == .off {
            // A rewrite started while AOF was off does not collect what comes after: start over.
            killRewriteChild()
            aofState = .waitRewrite
            if saveChild != nil || node.inExec {
                rewriteScheduled = true
                node.log.warning(
                    "AOF was enabled but there is already another background operation. An AOF background was scheduled to start when possible."
                )
                return
            }
            if case .failed = backgroundRewrite() {
                aofState = .off
                node.log.warning(
                    "Redis needs to enable the AOF but can't trigger a background AOF rewrite operation. Check the above logs for more info about the error."
                )
                throw ConfigError("Unable to turn on AOF. Check server logs.")
            }
        } else if !enabled && aofState != .off {
            if aofState == .on { aof?.syncNow(now: node.clock()) }
            killRewriteChild()
            if aofState == .waitRewrite { unlink("\(aofDirectory)/\(tempIncrementalName)") }
            aof = nil
            aofState = .off
            rewriteScheduled = false
        }
    }

    /// Redis's `aofRewriteLimited`: after three failures in a row, automatic and scheduled
    /// rewrites wait 1 minute, then 2, 4 ... up to an hour, instead of forking every tick.
    func rewriteLimited(now: Int64) -> Bool {
        if rewriteFailures < 3 {
            rewriteDelayMinutes = 0
            rewriteNotBefore = 0
            return false
        }
        if rewriteNotBefore != 0 {
            if now < rewriteNotBefore { return true }
            rewriteNotBefore = 0
            return false
        }
        rewriteDelayMinutes = rewriteDelayMinutes == 0 ? 1 : min(60, rewriteDelayMinutes * 2)
        rewriteNotBefore = now + Int64(rewriteDelayMinutes) * 60_000
        node.log.warning(
            "Background AOF rewrite has repeatedly failed and triggered the limit, will retry in \(rewriteDelayMinutes) minutes")
        return true
    }
}
