/// The hash table behind the keyspace and behind big hashes, sets and sorted sets: Redis's
/// `dict`, reduced to what its users can observe.
///
/// Chaining over power-of-two buckets, with the entries themselves in one dense array, so
///  - `SCAN` can use Redis's reverse-binary cursor: a key present for the whole scan is
///    returned at least once even when the table grows or shrinks in between;
///  - a random entry (`RANDOMKEY`, `SPOP`, active expiry sampling) is O(1) and uniform;
///  - resizing only rebuilds the bucket heads, never moves keys.
/// Deleting moves the last entry into the hole, so entry indices are not stable across
/// removals; callers use them only within one operation.
public struct HashTable<Key: TableKey, Value> {
    struct Entry {
        var key: Key
        var value: Value
        var hash: UInt32
        var next: Int32
        init(key: Key, value: Value, hash: UInt32, next: Int32) {
            self.key = key
            self.value = value
            self.hash = hash
            self.next = next
        }
    }

    var entries: ContiguousArray<Entry> = []
    var buckets: ContiguousArray<Int32> = []
    let seed = TableHashSeed.value

    public init() {}

    public init(minimumCapacity: Int) {
        if minimumCapacity > 0 {
            entries.reserveCapacity(minimumCapacity)
            rebuild(bucketCount: Self.bucketCount(for: minimumCapacity))
        }
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    /// Number of buckets (Redis's table size, shown by `DEBUG HTSTATS`-like diagnostics).
    public var bucketCount: Int { buckets.count }
    @inline(__always)
    func hashOf(_ key: Key) -> UInt32 {
        UInt32(truncatingIfNeeded: key.tableHash(seed: seed))
    }
    static func bucketCount(for count: Int) -> Int {
        var n = 4
        while n < count { n <<= 1 }
        return n
    }

    /// Index of `key`'s entry, or nil.
    @inline(__always)
    public func index(of key: Key) -> Int? {
        if buckets.isEmpty { return nil }
        let h = hashOf(key)
        var i = buckets[Int(h) & (buckets.count - 1)]
        while i >= 0 {
            let e = entries[Int(i)]
            if e.hash == h && e.key == key { return Int(i) }
            i = e.next
        }
        return nil
    }
    public subscript(key: Key) -> Value? {
        guard let i = index(of: key) else { return nil }
        return entries[i].value
    }

    public func key(at index: Int) -> Key { entries[index].key }
    public func value(at index: Int) -> Value { entries[index].value }

    /// In-place access to a value, without a copy of the value (so its storage stays unique).
    public mutating func withValue<R>(at index: Int, _ body: (inout Value) throws -> R) rethrows -> R {
        try body(&entries[index].value)
    }
    public mutating func setValue(_ value: Value, at index: Int) {
        entries[index].value = value
    }

    /// Inserts or replaces. Returns true when the key is new.
    @discardableResult
    public mutating func set(_ key: Key, _ value: Value) -> Bool {
        if let i = index(of: key) {
            entries[i].value = value
            return false
        }
        insertNew(key, value)
        return true
    }

    /// Inserts a key known to be absent; returns its index.
    @discardableResult
    public mutating func insertNew(_ key: Key, _ value: Value) -> Int {
        if entries.count >= buckets.count {
            rebuild(bucketCount: Swift.max(4, buckets.count * 2))
        }
        let h = hashOf(key)
        let b = Int(h) & (buckets.count - 1)
        let index = entries.count
        entries.append(Entry(key: key, value: value, hash: h, next: buckets[b]))
        buckets[b] = Int32(index)
        return index
    }
    @discardableResult
    public mutating func removeValue(forKey key: Key) -> Value? {
        guard let i = index(of: key) else { return nil }
        return remove(at: i).value
    }

    /// Removes the entry at `index`; the last entry takes its place.
    @discardableResult
    public mutating func remove(at index: Int) -> (key: Key, value: Value) {
        unlink(index)
        let last = entries.count - 1
        if index != last {
            // Repoint whoever links to `last` at `index`, then move it there.
            let b = Int(entries[last].hash) & (buckets.count - 1)
            if buckets[b] == Int32(last) {
                buckets[b] = Int32(index)
            } else {
                var p = Int(buckets[b])
                while entries[p].next != Int32(last) { p = Int(entries[p].next) }
                entries[p].next = Int32(index)
            }
            entries.swapAt(index, last)
        }
        let removed = entries.removeLast()
        if buckets.count > 64 && entries.count * 10 < buckets.count {
            rebuild(bucketCount: Self.bucketCount(for: entries.count))
            if entries.capacity > 4 * entries.count + 64 {
                entries = ContiguousArray(entries)
            }
        }
        return (removed.key, removed.value)
    }
    mutating func unlink(_ index: Int) {
        let b = Int(entries[index].hash) & (buckets.count - 1)
        if buckets[b] == Int32(index) {
            buckets[b] = entries[index].next
            return
        }
        var p = Int(buckets[b])
        while entries[p].next != Int32(index) { p = Int(entries[p].next) }
        entries[p].next = entries[index].next
    }
    mutating func rebuild(bucketCount: Int) {
        buckets = ContiguousArray(repeating: -1, count: bucketCount)
        let mask = bucketCount - 1
        for i in entries.indices {
            let b = Int(entries[i].hash) & mask
            entries[i].next = buckets[b]
            buckets[b] = Int32(i)
        }
    }

    public mutating func removeAll() {
        entries = []
        buckets = []
    }

    /// A uniformly random entry index, or nil when empty.
    public func randomIndex<G: RandomNumberGenerator>(using generator: inout G) -> Int? {
        entries.isEmpty ? nil : Int.random(in: 0..<entries.count, using: &generator)
    }
    public func randomIndex() -> Int? {
        var g = SystemRandomNumberGenerator()
        return randomIndex(using: &g)
    }

    /// All entries, in storage order.
    public func forEach(_ body: (Key, Value) throws -> Void) rethrows {
        for e in entries { try body(e.key, e.value) }
    }

    public var keys: [Key] { entries.map(\.key) }

    /// One step of `SCAN`: visits the bucket under `cursor` and returns the next cursor
    /// (0 when done). Redis's reverse-binary increment makes the scan survive resizes.
    public func scan(cursor: UInt64, _ visit: (Key, Value) -> Void) -> UInt64 {
        if buckets.isEmpty { return 0 }
        let mask = UInt64(buckets.count - 1)
        var i = buckets[Int(cursor & mask)]
        while i >= 0 {
            let e = entries[Int(i)]
            visit(e.key, e.value)
            i = e.next
        }
        var v = cursor | ~mask
        v = v.bitReversed
        v &+= 1
        v = v.bitReversed
        return v
    }
}

extension UInt64 {
    var bitReversed: UInt64 {
        var v = self
        v = ((v >> 1) & 0x5555_5555_5555_5555) | ((v & 0x5555_5555_5555_5555) << 1)
        v = ((v >> 2) & 0x3333_3333_3333_3333) | ((v & 0x3333_3333_3333_3333) << 2)
        v = ((v >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((v & 0x0F0F_0F0F_0F0F_0F0F) << 4)
        return v.byteSwapped
    }
}
