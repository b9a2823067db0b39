import NIOCore

extension RedisNode {
    /// Redis's `serverCron` at `hz`: active expiry, client timeouts, persistence chores.
    func startCron() {
        let period = max(1, 1000 / max(1, config.hz))
        cronTask = loop.scheduleRepeatedTask(initialDelay: .milliseconds(Int64(period)), delay: .milliseconds(Int64(period))) {
            [self] _ in
            cron()
        }
    }

    func cron() {
        cachedTime = clock()
        commandTime = cachedTime
        cronIterations += 1
        // A replica leaves expiry to its master, which sends the DELs.
        if activeExpireEnabled && !replication.isReplica { activeExpireCycle() }
        opsSamples.append((cachedTime, stats.totalCommands, stats.inputBytes, stats.outputBytes))
        if opsSamples.count > 16 { opsSamples.removeFirst() }
        if cronIterations % 10 == 0 { peakMemory = max(peakMemory, ProcessMetrics.allocatedBytes()) }
        closeTimedOutClients()
        migrateSockets.closeIdle(now: cachedTime)
        persistence.cron()
        replication.cron()
    }

    /// Samples keys with a TTL and deletes the expired ones, repeating while more than a
    /// quarter of a sample had expired, within a time budget — Redis's active expiry.
    func activeExpireCycle() {
        let start = Clock.monotonicMicroseconds()
        let budget = Int64(250_000 / max(1, config.hz))  // 25% of the cron period
        var sampledTotal = 0
        var expiredTotal = 0
        defer {
            stats.expireCycleMicroseconds += Clock.monotonicMicroseconds() - start
            // Redis's estimate of logically expired keys still in memory: 5% weight per cycle.
            let current = sampledTotal > 0 ? Double(expiredTotal) / Double(sampledTotal) : 0
            stats.expiredStalePercent = current * 0.05 + stats.expiredStalePercent * 0.95
        }
        for db in databases {
            // No volatile keys: the estimate is reset, so INFO shows avg_ttl=0 again.
            guard db.expiring.count > 0 else {
                db.averageTTL = 0
                continue
            }
            while true {
                var expired = 0
                let samples = min(20, db.expiring.count)
                var ttlSum: Int64 = 0
                var ttlSamples: Int64 = 0
                for _ in 0..<samples {
                    guard let i = db.expiring.randomIndex(using: &random) else { break }
                    let key = db.expiring.key(at: i)
                    guard let entry = db.entry(key) else { continue }
                    if entry.expireAt <= cachedTime {
                        deleteExpired(db, key)
                        expired += 1
                    } else {
                        ttlSum += entry.expireAt - cachedTime
                        ttlSamples += 1
                    }
                }
                if ttlSamples > 0 {
                    let avg = ttlSum / ttlSamples
                    // Redis seeds an empty estimate with the sample, then blends either way.
                    if db.averageTTL == 0 { db.averageTTL = avg }
                    db.averageTTL = (db.averageTTL / 50) * 49 + avg / 50
                }
                sampledTotal += samples
                expiredTotal += expired
                if expired * 4 <= samples || db.expiring.count == 0 { break }
                if Clock.monotonicMicroseconds() - start > budget {
                    stats.expireTimeCapReached += 1
                    return
                }
            }
        }
    }

    /// `timeout N`: close clients idle longer than N seconds (not blocked, not subscribed).
    func closeTimedOutClients() {
        guard config.timeout > 0 else { return }
        let limit = Int64(config.timeout) * 1000
        for client in clients.values
        where !client.isSubscribed && !client.isBlocked && client.replicaPeer?.isAttached != true {
            if cachedTime - client.lastInteraction > limit {
                log.verbose("Closing idle client")
                client.close()
            }
        }
    }

    /// SHUTDOWN and SIGTERM: persist what must be persisted, then exit. `save` nil means
    /// "save if save points are configured". Returns false if the save failed (and so the
    /// node keeps running, as Redis does without FORCE).
    @discardableResult
    func shutdown(save: Bool?, fromSignal: Bool = false, force: Bool = false) -> Bool {
        if !fromSignal { log.warning("User requested shutdown...") }
        guard persistence.prepareForShutdown(save: save) || force else {
            log.warning("Errors trying to shut down the server. Check the logs for more information.")
            return false
        }
        if let pidFile = config.pidFile {
            log.notice("Removing the pid file.")
            unlink(pidFile)
        }
        cronTask?.cancel()
        for client in clients.values { client.close() }
        log.warning("Redis is now ready to exit, bye bye...")
        onExit?(0)
        return true
    }
}

#if canImport(Glibc)
import Glibc
#endif
