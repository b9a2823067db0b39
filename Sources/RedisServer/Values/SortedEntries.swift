/// One member of a sorted set, ordered by score and then by member bytes (Redis's order).
public struct ZEntry: Comparable {
    public var score: Double
    public var member: Bytes

    public init(score: Double, member: Bytes) {
        self.score = score
        self.member = member
    }
    public static func < (a: ZEntry, b: ZEntry) -> Bool {
        a.score < b.score || (a.score == b.score && Bytes.compare(a.member, b.member) < 0)
    }

    public static func == (a: ZEntry, b: ZEntry) -> Bool {
        a.score == b.score && a.member == b.member
    }
}

/// The ordered side of a sorted set: entries in order, with rank lookups.
///
/// Stored as a list of sorted chunks (the approach of Python's sortedcontainers) instead of
/// Redis's skiplist: the same O(log n)-ish search and rank, far fewer allocations, and
/// sequential memory for range scans. Small sets are a single chunk.
public struct SortedEntries {
    var chunks: [[ZEntry]] = []
    /// offsets[i] = number of entries before chunk i; rebuilt lazily after changes.
    var offsets: [Int] = []
    var offsetsValid = true
    public private(set) var count = 0

    static let load = 512

    public init() {}

    public init(sorted: [ZEntry]) {
        var i = 0
        while i < sorted.count {
            let end = min(i + Self.load, sorted.count)
            chunks.append(Array(sorted[i..<end]))
            i = end
        }
        count = sorted.count
        offsetsValid = false
    }

    public var isEmpty: Bool { count == 0 }

    /// Index of the first chunk whose last entry is not below `entry` (or the last chunk).
    func chunkIndex(for entry: ZEntry) -> Int {
        var lo = 0
        var hi = chunks.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if chunks[mid][chunks[mid].count - 1] < entry { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
    static func lowerBound(_ chunk: [ZEntry], _ entry: ZEntry) -> Int {
        var lo = 0
        var hi = chunk.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if chunk[mid] < entry { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    public mutating func insert(_ entry: ZEntry) {
        count += 1
        offsetsValid = false
        if chunks.isEmpty {
            chunks.append([entry])
            return
        }
        let c = chunkIndex(for: entry)
        let at = Self.lowerBound(chunks[c], entry)
        chunks[c].insert(entry, at: at)
        if chunks[c].count > 2 * Self.load {
            let tail = Array(chunks[c][Self.load...])
            chunks[c].removeSubrange(Self.load...)
            chunks.insert(tail, at: c + 1)
        }
    }

    /// Removes exactly `entry` (same score and member). Returns false when absent.
    @discardableResult
    public mutating func remove(_ entry: ZEntry) -> Bool {
        guard !chunks.isEmpty else { return false }
        let c = chunkIndex(for: entry)
        let at = Self.lowerBound(chunks[c], entry)
        guard at < chunks[c].count, chunks[c][at] == entry else { return false }
        chunks[c].remove(at: at)
        count -= 1
        offsetsValid = false
        if chunks[c].isEmpty {
            chunks.remove(at: c)
        } else {
            mergeIfThin(c)
        }
        return true
    }

    /// Removes the entries with rank in `ranks` and returns them in order.
    @discardableResult
    public mutating func removeSubrange(_ ranks: Range<Int>) -> [ZEntry] {
        guard !ranks.isEmpty else { return [] }
        precondition(ranks.lowerBound >= 0 && ranks.upperBound <= count, "rank range out of bounds")
        let removed = entries(in: ranks)
        if ranks.count == count {
            self = SortedEntries()
            return removed
        }
        let (c0, i0) = locate(ranks.lowerBound)
        let (c1, i1) = locate(ranks.upperBound - 1)
        if c0 == c1 {
            chunks[c0].removeSubrange(i0...i1)
        } else {
            chunks[c1].removeSubrange(0...i1)
            chunks[c0].removeSubrange(i0...)
            chunks.removeSubrange((c0 + 1)..<c1)
        }
        count -= ranks.count
        offsetsValid = false
        // Only the two boundary chunks (now at c0 and c0 + 1) can be empty or thin.
        if c0 + 1 < chunks.count && chunks[c0 + 1].isEmpty { chunks.remove(at: c0 + 1) }
        if chunks[c0].isEmpty { chunks.remove(at: c0) }
        if c0 + 1 < chunks.count { mergeIfThin(c0 + 1) }
        if c0 < chunks.count { mergeIfThin(c0) } else if !chunks.isEmpty { mergeIfThin(chunks.count - 1) }
        return removed
    }

    /// Merges chunk `c` into a neighbour when it got thin, to keep the chunk count ~ n / load.
    mutating func mergeIfThin(_ c: Int) {
        guard chunks[c].count < Self.load / 4 && chunks.count > 1 else { return }
        let n = c > 0 ? c - 1 : c + 1
        let (a, b) = (min(c, n), max(c, n))
        chunks[a].append(contentsOf: chunks[b])
        chunks.remove(at: b)
        if chunks[a].count > 2 * Self.load {
            let tail = Array(chunks[a][Self.load...])
            chunks[a].removeSubrange(Self.load...)
            chunks.insert(tail, at: a + 1)
        }
        offsetsValid = false
    }

    mutating func ensureOffsets() {
        if offsetsValid { return }
        offsets.removeAll(keepingCapacity: true)
        var total = 0
        for chunk in chunks {
            offsets.append(total)
            total += chunk.count
        }
        offsetsValid = true
    }

    /// 0-based rank of `entry`, or nil.
    public mutating func rank(of entry: ZEntry) -> Int? {
        guard !chunks.isEmpty else { return nil }
        ensureOffsets()
        let c = chunkIndex(for: entry)
        let at = Self.lowerBound(chunks[c], entry)
        guard at < chunks[c].count, chunks[c][at] == entry else { return nil }
        return offsets[c] + at
    }

    /// Number of entries for which `isBefore` holds; `isBefore` must be true for a prefix.
    public mutating func partitionRank(_ isBefore: (ZEntry) -> Bool) -> Int {
        guard !chunks.isEmpty else { return 0 }
        ensureOffsets()
        var lo = 0
        var hi = chunks.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if isBefore(chunks[mid][chunks[mid].count - 1]) { lo = mid + 1 } else { hi = mid }
        }
        if lo == chunks.count { return count }
        let chunk = chunks[lo]
        var a = 0
        var b = chunk.count
        while a < b {
            let mid = (a + b) / 2
            if isBefore(chunk[mid]) { a = mid + 1 } else { b = mid }
        }
        return offsets[lo] + a
    }

    /// The entry at `rank` (0-based).
    public mutating func entry(at rank: Int) -> ZEntry {
        let (c, i) = locate(rank)
        return chunks[c][i]
    }
    mutating func locate(_ rank: Int) -> (Int, Int) {
        ensureOffsets()
        var lo = 0
        var hi = chunks.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if offsets[mid] <= rank { lo = mid } else { hi = mid - 1 }
        }
        return (lo, rank - offsets[lo])
    }

    /// Entries with rank in `range`, in order (or reversed).
    public mutating func entries(in range: Range<Int>, reversed: Bool = false) -> [ZEntry] {
        guard !range.isEmpty else { return [] }
        var out: [ZEntry] = []
        out.reserveCapacity(range.count)
        var (c, i) = locate(range.lowerBound)
        var remaining = range.count
        while remaining > 0 {
            let chunk = chunks[c]
            let take = min(remaining, chunk.count - i)
            out.append(contentsOf: chunk[i..<(i + take)])
            remaining -= take
            c += 1
            i = 0
        }
        if reversed { out.reverse() }
        return out
    }

    /// Visits entries one by one from `rank` towards the end (or the start when `reverse`)
    /// while `body` returns true.
    public mutating func walk(from rank: Int, reverse: Bool = false, _ body: (ZEntry) throws -> Bool) rethrows {
        guard rank >= 0 && rank < count else { return }
        var (c, i) = locate(rank)
        if reverse {
            while true {
                let chunk = chunks[c]
                while i >= 0 {
                    if try !body(chunk[i]) { return }
                    i -= 1
                }
                c -= 1
                if c < 0 { return }
                i = chunks[c].count - 1
            }
        } else {
            while c < chunks.count {
                let chunk = chunks[c]
                while i < chunk.count {
                    if try !body(chunk[i]) { return }
                    i += 1
                }
                c += 1
                i = 0
            }
        }
    }

    /// Every entry in order.
    public func forEach(_ body: (ZEntry) throws -> Void) rethrows {
        for chunk in chunks { for e in chunk { try body(e) } }
    }

    /// The first entry (in order) for which `predicate` holds, with early exit.
    public func first(where predicate: (ZEntry) throws -> Bool) rethrows -> ZEntry? {
        for chunk in chunks { for e in chunk where try predicate(e) { return e } }
        return nil
    }

    /// Replaces -0 scores by 0: a listpack stores an integral score as an integer, which
    /// loses the sign of zero (Redis's `zzlInsertAt`).
    public mutating func normalizeNegativeZeros() {
        for c in chunks.indices {
            for i in chunks[c].indices where chunks[c][i].score == 0 && chunks[c][i].score.sign == .minus {
                chunks[c][i].score = 0
            }
        }
    }

    public var all: [ZEntry] { chunks.flatMap { $0 } }

    public var first: ZEntry? { chunks.first?.first }
    public var last: ZEntry? { chunks.last?.last }
}
