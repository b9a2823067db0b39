import Testing

@testable import RedisServer

/// The chunked ordered list behind sorted sets, checked against a plain sorted array.
@Suite struct SortedEntriesTests {
    /// A deterministic generator, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func entry(_ score: Double, _ member: String) -> ZEntry { ZEntry(score: score, member: Bytes(member)) }

    /// Checks every public view of `entries` against `model` (sorted).
    static func check(_ entries: inout SortedEntries, _ model: [ZEntry]) {
        #expect(entries.count == model.count)
        #expect(entries.all == model)
        #expect(entries.first == model.first)
        #expect(entries.last == model.last)
        for rank in stride(from: 0, to: model.count, by: max(1, model.count / 50)) {
            let found = entries.entry(at: rank)
            let foundRank = entries.rank(of: model[rank])
            #expect(found == model[rank])
            #expect(foundRank == rank)
        }
    }

    @Test func orderIsScoreThenMemberBytes() {
        var e = SortedEntries()
        e.insert(Self.entry(2, "a"))
        e.insert(Self.entry(1, "b"))
        e.insert(Self.entry(1, "a"))
        e.insert(Self.entry(1, "aa"))
        e.insert(Self.entry(-.infinity, "z"))
        e.insert(Self.entry(.infinity, "0"))
        #expect(e.all.map(\.member) == ["z", "a", "aa", "b", "a", "0"])
        let rankB = e.rank(of: Self.entry(1, "b"))
        let rankC = e.rank(of: Self.entry(1, "c"))
        let belowTwo = e.partitionRank { $0.score < 2 }
        #expect(rankB == 3 && rankC == nil && belowTwo == 4)
    }

    @Test func randomOperationsMatchASortedArray() {
        var rng = SplitMix(state: 42)
        var entries = SortedEntries()
        var model: [ZEntry] = []
        // Growing (to several chunks of 512 to 1024), then shrinking (merging them back).
        for (steps, insertShare, widest) in [(8000, 8, 10), (6000, 4, 60)] {
            for step in 0..<steps {
                let roll = Int.random(in: 0..<10, using: &rng)
                if roll < insertShare || model.isEmpty {
                    let e = Self.entry(Double(Int.random(in: 0..<500, using: &rng)), "m\(step)-\(widest)")
                    entries.insert(e)
                    model.insert(e, at: model.firstIndex { !($0 < e) } ?? model.count)
                } else if roll < 9 {
                    let victim = model.remove(at: Int.random(in: 0..<model.count, using: &rng))
                    let removed = entries.remove(victim)
                    let removedAgain = entries.remove(victim)
                    #expect(removed && !removedAgain)
                } else {
                    let lo = Int.random(in: 0..<model.count, using: &rng)
                    let hi = Int.random(in: lo...min(model.count, lo + widest), using: &rng)
                    let removed = entries.removeSubrange(lo..<hi)
                    #expect(removed == Array(model[lo..<hi]))
                    model.removeSubrange(lo..<hi)
                }
                if step % 500 == 0 { Self.check(&entries, model) }
            }
            Self.check(&entries, model)
            if widest == 10 { #expect(entries.chunks.count > 2) }
        }
        // Chunks stay dense: about n / 512 of them at most, plus one.
        #expect(entries.chunks.count <= model.count / 128 + 1)
    }

    @Test func removeSubrangeAcrossManyChunks() {
        let sorted = (0..<5000).map { Self.entry(Double($0), "m") }
        var entries = SortedEntries(sorted: sorted)
        let removed = entries.removeSubrange(100..<4900)
        #expect(removed == Array(sorted[100..<4900]))
        Self.check(&entries, Array(sorted[0..<100] + sorted[4900...]))
        // Thin boundary chunks were merged.
        #expect(entries.chunks.count == 1)
        let rest = entries.removeSubrange(0..<200)
        #expect(rest.count == 200)
        #expect(entries.isEmpty)
        #expect(entries.chunks.isEmpty)
    }

    @Test func walkStopsAndRunsBothWays() {
        let sorted = (0..<3000).map { Self.entry(Double($0), "m") }
        var entries = SortedEntries(sorted: sorted)
        var seen: [Double] = []
        entries.walk(from: 1020) { e in
            seen.append(e.score)
            return seen.count < 10
        }
        #expect(seen == (1020..<1030).map(Double.init))
        seen = []
        entries.walk(from: 1030, reverse: true) { e in
            seen.append(e.score)
            return true
        }
        #expect(seen == (0...1030).reversed().map(Double.init))
        seen = []
        entries.walk(from: 3000) { _ in
            seen.append(0)
            return true
        }
        #expect(seen.isEmpty)
        let slice = entries.entries(in: 510..<1540, reversed: true)
        #expect(slice == Array(sorted[510..<1540].reversed()))
    }

    @Test func negativeZeroIsNormalised() {
        var entries = SortedEntries(sorted: [Self.entry(-1, "a"), Self.entry(-0.0, "b"), Self.entry(0, "c")])
        entries.normalizeNegativeZeros()
        #expect(entries.all.map { $0.score.sign } == [.minus, .plus, .plus])
    }
}
