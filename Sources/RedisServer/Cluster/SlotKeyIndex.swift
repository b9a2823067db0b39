import RESP
import NIOCore

/// The keys of database 0 grouped by hash slot (Redis 7.0 keeps a list per slot in the
/// keyspace dict for the same questions): how many keys a slot holds and which, without
/// scanning the whole keyspace. Only cluster-enabled nodes keep one.
final class SlotKeyIndex {
    private var keys = [HashTable<Bytes, Void>?](repeating: nil, count: Cluster.slotCount)
    private(set) var counts = [Int](repeating: 0, count: Cluster.slotCount)

    func added(_ key: Bytes) {
        let slot = KeySlot.slot(for: key)
        if keys[slot] == nil { keys[slot] = HashTable() }
        keys[slot]!.insertNew(key, ())
        counts[slot] += 1
    }

    func removed(_ key: Bytes) {
        let slot = KeySlot.slot(for: key)
        guard keys[slot]?.removeValue(forKey: key) != nil else { return }
        counts[slot] -= 1
        if counts[slot] == 0 { keys[slot] = nil }
    }

    func removeAll() {
        keys = [HashTable<Bytes, Void>?](repeating: nil, count: Cluster.slotCount)
        counts = [Int](repeating: 0, count: Cluster.slotCount)
    }

    func count(in slot: Int) -> Int { counts[slot] }

    /// Up to `limit` keys of `slot`.
    func keys(in slot: Int, limit: Int) -> [Bytes] {
        guard let table = keys[slot] else { return [] }
        var out: [Bytes] = []
        out.reserveCapacity(min(limit, table.count))
        table.forEach { key, _ in if out.count < limit { out.append(key) } }
        return out
    }

    /// Slots that hold at least one key.
    var nonEmptySlots: [Int] { (0..<Cluster.slotCount).filter { counts[$0] > 0 } }
}

extension KeySlot {
    /// The slot of a key still in the request buffer.
    @inline(__always)
    static func slot(for key: ByteBuffer) -> Int {
        key.withUnsafeReadableBytes { HashSlot.slot(forRaw: $0) }
    }
}
