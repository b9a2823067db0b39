#if canImport(Glibc)
import Glibc
#endif

/// What persistence does on each tick of the server cron.
extension Persistence {
    func cron() {
        reapSaveChild()
        reapRewriteChild()
        let now = node.clock()
        if !hasChild && saveScheduled {
            saveScheduled = false
            _ = backgroundSave()
        }
        if !hasChild && rewriteScheduled && !rewriteLimited(now: now) {
            rewriteScheduled = false
            _ = backgroundRewrite()
        }
        if !hasChild { checkSavePoints(now: now) }
        if !hasChild { checkAutoRewrite(now: now) }
        flushAppendOnlyBuffer()
    }

    /// A save point is due when enough changes happened in enough time; after a failed
    /// BGSAVE, retry only every 5 seconds (CONFIG_BGSAVE_RETRY_DELAY).
    private func checkSavePoints(now: Int64) {
        let seconds = now / 1000
        for point in config.savePoints {
            guard node.dirty >= point.changes, seconds - lastSaveTime > Int64(point.seconds),
                lastBgsaveOK || seconds - lastBgsaveAttempt > 5
            else { continue }
            node.log.notice("\(point.changes) changes in \(point.seconds) seconds. Saving...")
            _ = backgroundSave()
            return
        }
    }

    private func checkAutoRewrite(now: Int64) {
        guard aofState == .on, let aof, config.autoAofRewritePercentage > 0 else { return }
        let current = aofBaseSize + aof.incrementalSize
        guard current > config.autoAofRewriteMinSize else { return }
        let base = max(1, aofBaseSize)
        let growth = (current - base) * 100 / base
        if growth >= config.autoAofRewritePercentage && !rewriteLimited(now: now) {
            node.log.notice("Starting automatic rewriting of AOF on \(growth)% growth")
            _ = backgroundRewrite()
        }
    }

    /// Before exit: stop children, make the AOF durable, save if configured (or asked).
    /// Returns false if a needed save failed.
    func prepareForShutdown(save: Bool?) -> Bool {
        if saveChild != nil {
            node.log.warning("There is a child saving an .rdb. Killing it!")
            killBackgroundSave()
        }
        if rewriteChild != nil {
            node.log.warning("There is a child rewriting the AOF. Killing it!")
            killRewriteChild()
        }
        if aofState == .waitRewrite { unlink("\(aofDirectory)/\(tempIncrementalName)") }
        if aofState == .on, let aof {
            node.log.notice("Calling fsync() on the AOF file.")
            aof.syncNow(now: node.clock())
        }
        let wantsSave = save ?? !config.savePoints.isEmpty
        if wantsSave {
            node.log.notice("Saving the final RDB snapshot before exiting.")
            guard saveSynchronously() else {
                node.log.warning("Error trying to save the DB, can't exit.")
                return false
            }
        }
        return true
    }
}
