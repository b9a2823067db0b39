/// What a key maps to: the value, its expiry and the string-encoding hint.
public struct DBEntry {
    public var value: RedisValue
    /// Absolute expiry in unix milliseconds, or -1 for none.
    public var expireAt: Int64
    /// A string modified in place (APPEND, SETRANGE) is `raw` in Redis whatever its length.
    public var rawString: Bool
    /// INCRBYFLOAT stores its result without integer encoding: `embstr` even when it reads
    /// as an integer, until the value is next replaced.
    public var plainString = false

    public init(value: RedisValue, expireAt: Int64 = -1, rawString: Bool = false) {
        self.value = value
        self.expireAt = expireAt
        self.rawString = rawString
    }
}

extension HashTable where Value == DBEntry {
    /// The expiry of the entry at `index`, read in place (copying the entry would retain
    /// its value for nothing).
    func expireAt(at index: Int) -> Int64 { entries[index].value.expireAt }

    func valueOfEntry(at index: Int) -> RedisValue { entries[index].value.value }
}

/// One numbered database: keys and their expiries. Pure storage: the side effects of
/// changing a key (WATCH, blocked clients, propagation, dirty counter) live in `RedisNode`.
public final class Database {
    public let id: Int
    public var table = HashTable<Bytes, DBEntry>()
    /// Keys that have a TTL, for active-expiry sampling and INFO's `expires=`.
    public var expiring = HashTable<Bytes, Void>()
    /// Sum of sampled TTLs, Redis's `avg_ttl` estimate for INFO keyspace.
    public var averageTTL: Int64 = 0
    /// Cluster mode: database 0's keys by hash slot.
    var slotIndex: SlotKeyIndex?

    public init(id: Int) { self.id = id }

    public var count: Int { table.count }

    public func entry(_ key: Bytes) -> DBEntry? { table[key] }

    /// Replaces the value of the entry at `index` (which holds `key`).
    public func overwrite(at index: Int, _ key: Bytes, _ value: RedisValue, keepTTL: Bool, raw: Bool) {
        table.withValue(at: index) { entry in
            let hadExpire = entry.expireAt >= 0
            entry.value = value
            entry.rawString = raw
            entry.plainString = false
            if !keepTTL && hadExpire {
                entry.expireAt = -1
                self.expiring.removeValue(forKey: key)
            }
        }
    }

    /// Adds a key known to be absent (RDB load, RESTORE, RENAME).
    public func add(_ key: Bytes, _ entry: DBEntry) {
        table.insertNew(key, entry)
        if entry.expireAt >= 0 { expiring.insertNew(key, ()) }
        slotIndex?.added(key)
    }

    /// Adds a key known to be absent and without a TTL (the SET path).
    @inline(__always)
    func insertNew(_ key: Bytes, _ entry: DBEntry) {
        table.insertNew(key, entry)
        slotIndex?.added(key)
    }

    @discardableResult
    public func remove(_ key: Bytes) -> DBEntry? {
        guard let i = table.index(of: key) else { return nil }
        let removed = table.remove(at: i).value
        if removed.expireAt >= 0 { expiring.removeValue(forKey: key) }
        slotIndex?.removed(key)
        return removed
    }

    public func markPlainString(_ key: Bytes) {
        guard let i = table.index(of: key) else { return }
        table.withValue(at: i) { $0.plainString = true }
    }

    public func expireAt(_ key: Bytes) -> Int64? {
        table[key].map(\.expireAt)
    }

    /// Sets (when >= 0) or clears the expiry of an existing key.
    public func setExpire(_ key: Bytes, at when: Int64) {
        guard let i = table.index(of: key) else { return }
        let had = table.value(at: i).expireAt >= 0
        table.withValue(at: i) { $0.expireAt = when }
        if when >= 0 && !had { expiring.insertNew(key, ()) }
        if when < 0 && had { expiring.removeValue(forKey: key) }
    }

    public func removeAll() {
        table = HashTable()
        expiring = HashTable()
        averageTTL = 0
        slotIndex?.removeAll()
    }
}
