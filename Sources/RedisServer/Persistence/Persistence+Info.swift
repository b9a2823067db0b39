/// INFO persistence.
extension Persistence {
    func infoFields() -> [(String, String)] {
        let now = node.clock()
        return [
            ("loading", loading ? "1" : "0"), ("async_loading", "0"), ("current_cow_peak", "0"),
            ("current_cow_size", "0"), ("current_cow_size_age", "0"), ("current_fork_perc", "0.00"),
            ("current_save_keys_processed", "0"), ("current_save_keys_total", "0"),
            ("rdb_changes_since_last_save", String(node.dirty)),
            ("rdb_bgsave_in_progress", saveChild == nil ? "0" : "1"),
            ("rdb_last_save_time", String(lastSaveTime)), ("rdb_last_bgsave_status", lastBgsaveOK ? "ok" : "err"),
            ("rdb_last_bgsave_time_sec", String(lastBgsaveDuration)),
            ("rdb_current_bgsave_time_sec", saveChild.map { String((now - $0.started) / 1000) } ?? "-1"),
            ("rdb_saves", String(rdbSaves)), ("rdb_last_cow_size", "0"),
            ("rdb_last_load_keys_expired", String(keysExpiredAtLoad)),
            ("rdb_last_load_keys_loaded", String(keysLoaded)),
            ("aof_enabled", aofState == .off ? "0" : "1"), ("aof_rewrite_in_progress", rewriteChild == nil ? "0" : "1"),
            ("aof_rewrite_scheduled", rewriteScheduled ? "1" : "0"),
            ("aof_last_rewrite_time_sec", String(lastRewriteDuration)),
            ("aof_current_rewrite_time_sec", rewriteChild.map { String((now - $0.started) / 1000) } ?? "-1"),
            ("aof_last_bgrewrite_status", lastRewriteOK ? "ok" : "err"), ("aof_rewrites", String(aofRewrites)),
            ("aof_rewrites_consecutive_failures", String(rewriteFailures)),
            ("aof_last_write_status", aof?.writeError == nil ? "ok" : "err"), ("aof_last_cow_size", "0"),
            ("module_fork_in_progress", "0"), ("module_fork_last_cow_size", "0"),
        ] + aofSizeFields()
    }

    private func aofSizeFields() -> [(String, String)] {
        guard let aof else { return [] }
        return [
            ("aof_current_size", String(aofBaseSize + aof.incrementalSize)), ("aof_base_size", String(aofBaseSize)),
            ("aof_pending_rewrite", rewriteScheduled ? "1" : "0"), ("aof_buffer_length", String(aof.bufferSize)),
            ("aof_pending_bio_fsync", "0"), ("aof_delayed_fsync", "0"),
        ]
    }
}
