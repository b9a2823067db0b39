/// Where changes go after they are applied: the AOF and the replication stream. Redis 7.0 sends
/// what a transaction changed as MULTI ... EXEC when it is more than one command.
extension RedisNode {
    /// False when no AOF, no replication stream and no observer listen: then commands skip
    /// building what they would propagate.
    var hasPropagationTargets: Bool {
        persistence.aof != nil || replication.feedsStream || propagationObserver != nil
    }

    func propagate(db: Int, _ command: [Bytes]) {
        if propagationBatch != nil {
            propagationBatch!.append((db, command))
        } else {
            emit(db: db, command)
        }
    }

    func beginPropagationBatch() {
        propagationBatch = []
    }

    func endPropagationBatch() {
        guard let batch = propagationBatch else { return }
        propagationBatch = nil
        if batch.count == 1 {
            emit(db: batch[0].db, batch[0].command)
        } else if batch.count > 1 {
            emit(db: batch[0].db, ["MULTI"])
            for op in batch { emit(db: op.db, op.command) }
            emit(db: batch[batch.count - 1].db, ["EXEC"])
        }
    }

    private func emit(db: Int, _ command: [Bytes]) {
        propagationObserver?(db, command)
        persistence.appendCommand(db: db, command)
        if replication.feedsStream { replication.feed(db: db, command) }
    }
}
