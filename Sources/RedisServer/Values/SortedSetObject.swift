import RESP

/// A sorted set: `listpack` while small (members found by a linear scan, as in Redis), or
/// `skiplist` (a member -> score table next to the ordered entries).
public final class SortedSetObject {
    public var ordered = SortedEntries()
    /// Present only in the `skiplist` encoding.
    public private(set) var index: HashTable<Bytes, Double>?

    public init() {}

    /// A set holding `sorted` (already in order, no duplicate members), in the given encoding.
    public init(sorted: [ZEntry], skiplist: Bool) {
        ordered = SortedEntries(sorted: sorted)
        if skiplist {
            convertToSkiplist()
        } else {
            ordered.normalizeNegativeZeros()
        }
    }

    public var encoding: String { index == nil ? "listpack" : "skiplist" }
    public var isListpack: Bool { index == nil }
    public var count: Int { ordered.count }

    public func score(of member: Bytes) -> Double? {
        if let index { return index[member] }
        return ordered.first { $0.member == member }?.score
    }

    /// Adds or re-scores a member. Returns true when the member is new.
    ///
    /// As `zsetAdd`: a listpack becomes a skiplist *before* a new member goes in when the set
    /// would outgrow `zset-max-listpack-entries` or the member is longer than
    /// `zset-max-listpack-value`; a listpack keeps an integral score as an integer (so -0
    /// becomes 0), a skiplist keeps the double as given.
    @discardableResult
    public func set(_ member: Bytes, score: Double, limits: EncodingLimits) -> Bool {
        if let old = self.score(of: member) {
            if old != score {
                ordered.remove(ZEntry(score: old, member: member))
                ordered.insert(ZEntry(score: stored(score), member: member))
                if index != nil { index!.set(member, score) }
            }
            return false
        }
        if index == nil
            && (ordered.count + 1 > limits.zsetMaxListpackEntries || member.count > limits.zsetMaxListpackValue)
        {
            convertToSkiplist()
        }
        ordered.insert(ZEntry(score: stored(score), member: member))
        if index != nil { index!.insertNew(member, score) }
        return true
    }

    private func stored(_ score: Double) -> Double {
        index == nil && score == 0 ? 0 : score
    }

    @discardableResult
    public func remove(_ member: Bytes) -> Bool {
        guard let old = score(of: member) else { return false }
        ordered.remove(ZEntry(score: old, member: member))
        index?.removeValue(forKey: member)
        return true
    }

    /// Removes the entries with rank in `ranks`; returns them in order.
    @discardableResult
    public func removeRanks(_ ranks: Range<Int>) -> [ZEntry] {
        let removed: [ZEntry]
        if ranks.count == 1 {
            let e = ordered.entry(at: ranks.lowerBound)
            ordered.remove(e)
            removed = [e]
        } else {
            removed = ordered.removeSubrange(ranks)
        }
        if index != nil {
            for e in removed { index!.removeValue(forKey: e.member) }
        }
        return removed
    }

    /// 0-based rank from the lowest score (or from the highest when `reverse`).
    public func rank(of member: Bytes, reverse: Bool = false) -> Int? {
        guard let s = score(of: member), let r = ordered.rank(of: ZEntry(score: s, member: member)) else {
            return nil
        }
        return reverse ? count - 1 - r : r
    }

    public func entry(at rank: Int) -> ZEntry { ordered.entry(at: rank) }

    public func convertToSkiplist() {
        guard index == nil else { return }
        var table = HashTable<Bytes, Double>(minimumCapacity: ordered.count)
        ordered.forEach { table.insertNew($0.member, $0.score) }
        index = table
    }

    /// `zsetConvert(..., OBJ_ENCODING_LISTPACK)`: drops the table; scores as a listpack keeps them.
    public func convertToListpack() {
        guard index != nil else { return }
        index = nil
        ordered.normalizeNegativeZeros()
    }

    /// `zsetConvertToListpackIfNeeded`, applied to the results of ZUNIONSTORE and friends.
    public func convertToListpackIfFits(_ limits: EncodingLimits) {
        guard index != nil, count <= limits.zsetMaxListpackEntries else { return }
        var longest = 0
        ordered.forEach { longest = max(longest, $0.member.count) }
        if longest <= limits.zsetMaxListpackValue { convertToListpack() }
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

    /// How a listpack stores a score, as ZSCAN returns it: as an integer when it is one
    /// (`double2ll`: integral and within ±2^62), otherwise as `%.17g` text (`d2string`).
    public static func listpackText(_ score: Double) -> Bytes {
        if score >= -4_611_686_018_427_387_904.0 && score <= 4_611_686_018_427_387_904.0, let v = Int64(exactly: score) {
            return Bytes(v)
        }
        return Bytes(RedisDoubleFormat.g17(score))
    }
}
