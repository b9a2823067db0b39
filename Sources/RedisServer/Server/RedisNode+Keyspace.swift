/// Keyspace access with Redis's side effects: lazy expiry, hit/miss counters, WATCH
/// invalidation, waking clients blocked on a key. Commands go through these instead of
/// touching `Database` directly.
extension RedisNode {
    /// Deletes `key` if its TTL has passed (propagating a DEL). Returns true if it did.
    func expireIfNeeded(_ db: Database, _ key: Bytes, index: Int) -> Bool {
        let when = db.table.expireAt(at: index)
        // While loading, nothing expires (Redis expires after the load, lazily or actively).
        if when < 0 || when > commandTime || persistence.loading { return false }
        // A replica does not delete: its master does, and says so in the stream. Meanwhile
        // the key is gone for clients, and still there for the master's commands.
        if replication.isReplica { return !replication.applyingMasterStream }
        deleteExpired(db, key)
        return true
    }

    func deleteExpired(_ db: Database, _ key: Bytes) {
        db.remove(key)
        stats.expiredKeys += 1
        watches.touch(db: db.id, key: key, node: self)
        propagate(db: db.id, ["DEL", key])
    }

    /// The live entry index for `key`, expiring it first if due.
    func liveIndex(_ db: Database, _ key: Bytes) -> Int? {
        guard let i = db.table.index(of: key) else { return nil }
        if expireIfNeeded(db, key, index: i) { return nil }
        return i
    }
}

extension Call {
    /// `lookupKeyRead`: the value, after lazy expiry, counting a hit or a miss.
    public func lookupRead(_ key: Bytes) -> RedisValue? {
        guard let i = node.liveIndex(db, key) else {
            node.stats.keyspaceMisses += 1
            return nil
        }
        node.stats.keyspaceHits += 1
        return db.table.valueOfEntry(at: i)
    }

    /// `lookupKeyWrite`: the value after lazy expiry, without touching the counters.
    public func lookupWrite(_ key: Bytes) -> RedisValue? {
        guard let i = node.liveIndex(db, key) else { return nil }
        return db.table.valueOfEntry(at: i)
    }

    /// The whole entry (value, TTL, encoding hint), after lazy expiry.
    public func lookupEntry(_ key: Bytes) -> DBEntry? {
        guard let i = node.liveIndex(db, key) else { return nil }
        return db.table.value(at: i)
    }

    public func exists(_ key: Bytes) -> Bool {
        node.liveIndex(db, key) != nil
    }

    // MARK: Typed reads

    public func readString(_ key: Bytes) throws(RedisError) -> Bytes? {
        guard let v = lookupRead(key) else { return nil }
        guard case .string(let s) = v else { throw .wrongType }
        return s
    }

    public func readList(_ key: Bytes, forWrite: Bool = false) throws(RedisError) -> ListObject? {
        guard let v = forWrite ? lookupWrite(key) : lookupRead(key) else { return nil }
        guard case .list(let l) = v else { throw .wrongType }
        return l
    }

    public func readHash(_ key: Bytes, forWrite: Bool = false) throws(RedisError) -> HashObject? {
        guard let v = forWrite ? lookupWrite(key) : lookupRead(key) else { return nil }
        guard case .hash(let h) = v else { throw .wrongType }
        return h
    }

    public func readSet(_ key: Bytes, forWrite: Bool = false) throws(RedisError) -> SetObject? {
        guard let v = forWrite ? lookupWrite(key) : lookupRead(key) else { return nil }
        guard case .set(let s) = v else { throw .wrongType }
        return s
    }

    public func readSortedSet(_ key: Bytes, forWrite: Bool = false) throws(RedisError) -> SortedSetObject? {
        guard let v = forWrite ? lookupWrite(key) : lookupRead(key) else { return nil }
        guard case .zset(let z) = v else { throw .wrongType }
        return z
    }

    // MARK: Writes

    /// `setKey`: creates or overwrites `key`, dropping its TTL unless `keepTTL`.
    public func setKey(_ key: Bytes, _ value: RedisValue, keepTTL: Bool = false, raw: Bool = false) {
        if let i = node.liveIndex(db, key) {
            db.overwrite(at: i, key, value, keepTTL: keepTTL, raw: raw)
        } else {
            db.insertNew(key, DBEntry(value: value, rawString: raw))
            node.keyAdded(db, key, value)
        }
        node.watches.touch(db: db.id, key: key, node: node)
    }

    /// `dbAdd`: adds a key that does not exist (the caller checked).
    public func addKey(_ key: Bytes, _ value: RedisValue) {
        db.add(key, DBEntry(value: value))
        node.keyAdded(db, key, value)
    }

    /// `dbDelete` + `signalModifiedKey`. Returns false if there was no such key.
    @discardableResult
    public func deleteKey(_ key: Bytes) -> Bool {
        guard node.liveIndex(db, key) != nil else { return false }
        db.remove(key)
        node.watches.touch(db: db.id, key: key, node: node)
        return true
    }

    /// `signalModifiedKey`: a WATCHed key changed.
    public func modified(_ key: Bytes) {
        node.watches.touch(db: db.id, key: key, node: node)
    }

    /// Deletes `key` when its collection became empty (Redis never keeps empty ones).
    public func deleteIfEmpty(_ key: Bytes, count: Int) {
        if count == 0 { db.remove(key) }
    }

    /// Sets the dataset-changed counter that drives save points and propagation.
    public func dirty(_ n: Int = 1) {
        node.dirty += n
    }
}

extension RedisNode {
    /// A key came into being: clients blocked on it may now be served.
    func keyAdded(_ db: Database, _ key: Bytes, _ value: RedisValue) {
        switch value {
        case .list, .zset: blocking.signalReady(db: db.id, key: key)
        default: break
        }
    }
}
