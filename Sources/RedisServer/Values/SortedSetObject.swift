/// A sorted set: `listpack` while small (members found by a linear scan, as in Redis), or
/// `skiplist` (a member -> score table next to the ordered entries).
public final class SortedSetObject {
    public var ordered = SortedEntries()
    /// Present only in the `skiplist` encoding.
    public private(set) var index: HashTable<Bytes, Double>?

    public init() {}

    public var encoding: String { index == nil ? "listpack" : "skiplist" }
    public var count: Int { ordered.count }

    public func score(of member: Bytes) -> Double? {
        if let index { return index[member] }
        var found: Double?
        ordered.forEach { e in if found == nil && e.member == member { found = e.score } }
        return found
    }

    /// Adds or re-scores a member. Returns true when the member is new.
    @discardableResult
    public func set(_ member: Bytes, score: Double, limits: EncodingLimits) -> Bool {
        if let old = self.score(of: member) {
            if old != score {
                ordered.remove(ZEntry(score: old, member: member))
                ordered.insert(ZEntry(score: score, member: member))
                if index != nil { index!.set(member, score) }
            }
            return false
        }
        ordered.insert(ZEntry(score: score, member: member))
        if index != nil {
            index!.insertNew(member, score)
        } else if ordered.count > limits.zsetMaxListpackEntries || member.count > limits.zsetMaxListpackValue {
            convertToSkiplist()
        }
        return true
    }

    @discardableResult
    public func remove(_ member: Bytes) -> Bool {
        guard let old = score(of: member) else { return false }
        ordered.remove(ZEntry(score: old, member: member))
        index?.removeValue(forKey: member)
        return true
    }

    /// 0-based rank from the lowest score (or from the highest when `reverse`).
    public func rank(of member: Bytes, reverse: Bool = false) -> Int? {
        guard let s = score(of: member), let r = ordered.rank(of: ZEntry(score: s, member: member)) else {
            return nil
        }
        return reverse ? count - 1 - r : r
    }

    public func convertToSkiplist() {
        guard index == nil else { return }
        var table = HashTable<Bytes, Double>(minimumCapacity: ordered.count)
        ordered.forEach { table.insertNew($0.member, $0.score) }
        index = table
    }

    /// ZSCAN: listpack sets are returned whole with cursor 0.
    public func scan(cursor: UInt64, _ visit: (Bytes, Double) -> Void) -> UInt64 {
        guard let index else {
            ordered.forEach { visit($0.member, $0.score) }
            return 0
        }
        return index.scan(cursor: cursor, visit)
    }

    public func randomEntry<G: RandomNumberGenerator>(using g: inout G) -> ZEntry? {
        guard count > 0 else { return nil }
        return ordered.entry(at: Int.random(in: 0..<count, using: &g))
    }
}
