extension RedisNode {
    /// Empties `db`, invalidating WATCHes on keys it held; returns how many keys it had.
    func emptyDatabase(_ db: Database) -> Int {
        let removed = db.count
        watches.touchAll(emptied: db, replacement: nil, now: commandTime)
        db.removeAll()
        return removed
    }

    /// SWAPDB: clients keep their db number and see the other data. Swapping a db with
    /// itself changes nothing (and must not swap a table with itself).
    func swapDatabases(_ a: Int, _ b: Int) {
        guard a != b else { return }
        watches.touchAll(emptied: databases[a], replacement: databases[b], now: commandTime)
        watches.touchAll(emptied: databases[b], replacement: databases[a], now: commandTime)
        let first = databases[a]
        let second = databases[b]
        swap(&first.table, &second.table)
        swap(&first.expiring, &second.expiring)
        swap(&first.averageTTL, &second.averageTTL)
        // Clients blocked on keys of either db may now be served.
        for db in [first, second] {
            db.table.forEach { key, entry in keyAdded(db, key, entry.value) }
        }
    }

    func resetStats() {
        stats.reset()
    }

    /// Applies settings that need more than a stored value after CONFIG SET (existing
    /// connections stay authenticated when requirepass changes, as in Redis). Throws, naming
    /// the directive, when the change cannot take effect.
    func configChanged(_ names: [String]) throws(ConfigChangeError) {
        if names.contains("hz") {
            cronTask?.cancel()
            startCron()
        }
        if names.contains("repl-backlog-size") {
            replication.backlogSizeChanged()
        }
        if names.contains("loglevel") {
            log.logLevel = config.logLevel.swiftLogLevel
        }
        if names.contains("appendonly") {
            do {
                try persistence.setAppendOnly(config.appendOnly)
            } catch {
                throw ConfigChangeError(directive: "appendonly", error: error)
            }
        }
    }
}

/// A CONFIG SET value that was valid but could not be applied.
struct ConfigChangeError: Error {
    var directive: String
    var error: ConfigError
}
