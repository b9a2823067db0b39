/// An interval over sorted-set entries, by score (ZRANGEBYSCORE) or by member (ZRANGEBYLEX).
public protocol ZInterval {
    /// True when no entry can be inside (min above max, or equal with an open end).
    var isEmpty: Bool { get }
    func aboveMin(_ e: ZEntry) -> Bool
    func belowMax(_ e: ZEntry) -> Bool
    /// True when, over `zset`, `aboveMin` is false then true and `belowMax` true then false,
    /// so that a binary search finds what a walk would.
    func isMonotone(over zset: SortedSetObject) -> Bool
}

/// `min max` of ZRANGEBYSCORE: `1.5` is closed, `(1.5` open, and `-inf`/`+inf` unbounded.
public struct ScoreInterval: ZInterval, Equatable {
    public var min: Double
    public var max: Double
    public var minExclusive: Bool
    public var maxExclusive: Bool

    public init(min: Double, max: Double, minExclusive: Bool = false, maxExclusive: Bool = false) {
        self.min = min
        self.max = max
        self.minExclusive = minExclusive
        self.maxExclusive = maxExclusive
    }

    public var isEmpty: Bool { min > max || (min == max && (minExclusive || maxExclusive)) }
    public func aboveMin(_ e: ZEntry) -> Bool { minExclusive ? e.score > min : e.score >= min }
    public func belowMax(_ e: ZEntry) -> Bool { maxExclusive ? e.score < max : e.score <= max }
    public func isMonotone(over zset: SortedSetObject) -> Bool { true }
}

/// `min max` of ZRANGEBYLEX: `[a` closed, `(a` open, `-` and `+` the smallest and largest
/// strings. Compared byte-wise, as Redis's `sdscmplex`.
public struct LexInterval: ZInterval, Equatable {
    public enum Bound: Equatable {
        case minusInfinity
        case plusInfinity
        case value(Bytes)
    }

    public var min: Bound
    public var max: Bound
    public var minExclusive: Bool
    public var maxExclusive: Bool

    public init(min: Bound, max: Bound, minExclusive: Bool, maxExclusive: Bool) {
        self.min = min
        self.max = max
        self.minExclusive = minExclusive
        self.maxExclusive = maxExclusive
    }

    /// `sdscmplex`: `-` and `+` are below and above every string, and equal to themselves.
    static func compare(_ a: Bound, _ b: Bound) -> Int {
        switch (a, b) {
        case (.minusInfinity, .minusInfinity), (.plusInfinity, .plusInfinity): return 0
        case (.minusInfinity, _), (_, .plusInfinity): return -1
        case (.plusInfinity, _), (_, .minusInfinity): return 1
        case (.value(let x), .value(let y)): return Bytes.compare(x, y)
        }
    }

    public var isEmpty: Bool {
        let c = Self.compare(min, max)
        return c > 0 || (c == 0 && (minExclusive || maxExclusive))
    }

    public func aboveMin(_ e: ZEntry) -> Bool {
        let c = Self.compare(.value(e.member), min)
        return minExclusive ? c > 0 : c >= 0
    }

    public func belowMax(_ e: ZEntry) -> Bool {
        let c = Self.compare(.value(e.member), max)
        return maxExclusive ? c < 0 : c <= 0
    }

    /// Members are in order only when every score is the same.
    public func isMonotone(over zset: SortedSetObject) -> Bool {
        zset.ordered.first?.score == zset.ordered.last?.score
    }
}

/// Range lookups with Redis's exact walks. Scores are always in order, but members are only
/// in order when all scores are equal. For the other (undocumented) cases Redis walks a
/// listpack linearly — from the front for the first entry in range, from the back for the
/// last — while a skiplist search walks forward from the front, jumping by its random levels;
/// a walk from the front without jumps is what it finds most of the time, so that is what
/// is done here. Ordered cases use binary searches, which find the same entries.
extension SortedSetObject {
    /// `zzlIsInRange` / `zslIsInRange`: some entry may be inside.
    func mayIntersect<I: ZInterval>(_ r: I) -> Bool {
        guard !r.isEmpty, let first = ordered.first, let last = ordered.last else { return false }
        return r.aboveMin(last) && r.belowMax(first)
    }

    /// Rank of the first entry, from the front, that is not below the minimum (or `count`).
    func firstAboveMin<I: ZInterval>(_ r: I) -> Int {
        if !isListpack && r.isMonotone(over: self) { return ordered.partitionRank { !r.aboveMin($0) } }
        var rank = 0
        ordered.walk(from: 0) { e in
            if r.aboveMin(e) { return false }
            rank += 1
            return true
        }
        return rank
    }

    /// Rank of the first entry in range (`zzlFirstInRange` / `zslFirstInRange`).
    public func firstRank<I: ZInterval>(in r: I) -> Int? {
        guard mayIntersect(r) else { return nil }
        let rank = firstAboveMin(r)
        guard rank < count, r.belowMax(ordered.entry(at: rank)) else { return nil }
        return rank
    }

    /// Rank of the last entry in range (`zzlLastInRange` / `zslLastInRange`).
    public func lastRank<I: ZInterval>(in r: I) -> Int? {
        guard mayIntersect(r) else { return nil }
        var rank: Int
        if isListpack {
            rank = count - 1
            ordered.walk(from: count - 1, reverse: true) { e in
                if r.belowMax(e) { return false }
                rank -= 1
                return true
            }
        } else if r.isMonotone(over: self) {
            rank = ordered.partitionRank { r.belowMax($0) } - 1
        } else {
            rank = -1
            ordered.walk(from: 0) { e in
                guard r.belowMax(e) else { return false }
                rank += 1
                return true
            }
        }
        guard rank >= 0, r.aboveMin(ordered.entry(at: rank)) else { return nil }
        return rank
    }

    /// ZRANGEBYSCORE / ZRANGEBYLEX: from the first entry in range (the last when `reverse`),
    /// skip `offset` entries, then take up to `limit` (negative: all) while still in range.
    /// A negative offset walks off the end, as in Redis, and selects nothing.
    public func select<I: ZInterval>(_ r: I, reverse: Bool, offset: Int = 0, limit: Int = -1) -> [ZEntry] {
        guard offset >= 0 && offset < count, let start = reverse ? lastRank(in: r) : firstRank(in: r) else { return [] }
        let from = reverse ? start - offset : start + offset
        var out: [ZEntry] = []
        var remaining = limit
        ordered.walk(from: from, reverse: reverse) { e in
            if remaining == 0 || !(reverse ? r.aboveMin(e) : r.belowMax(e)) { return false }
            out.append(e)
            remaining -= 1
            return true
        }
        return out
    }

    /// Ranks of the entries in range, walking up from the first one (ZREMRANGEBYSCORE/LEX).
    /// Redis's skiplist version skips the up-front range check of the listpack one.
    public func ranks<I: ZInterval>(in r: I) -> Range<Int> {
        let start: Int
        if isListpack {
            guard let first = firstRank(in: r) else { return 0..<0 }
            start = first
        } else {
            start = firstAboveMin(r)
        }
        var end = start
        ordered.walk(from: start) { e in
            guard r.belowMax(e) else { return false }
            end += 1
            return true
        }
        return start..<end
    }

    /// ZCOUNT / ZLEXCOUNT: a walk in a listpack, two rank lookups in a skiplist (as Redis).
    public func countInRange<I: ZInterval>(_ r: I) -> Int {
        if isListpack { return ranks(in: r).count }
        guard let first = firstRank(in: r) else { return 0 }
        guard let last = lastRank(in: r) else { return count - first }
        return last - first + 1
    }
}
