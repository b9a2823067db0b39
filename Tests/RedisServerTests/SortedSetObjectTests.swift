import Testing

@testable import RedisServer

@Suite struct SortedSetObjectTests {
    static func zset(_ pairs: [(Double, String)], skiplist: Bool = false) -> SortedSetObject {
        let z = SortedSetObject()
        if skiplist { z.convertToSkiplist() }
        for (s, m) in pairs { z.set(Bytes(m), score: s, limits: EncodingLimits()) }
        return z
    }

    static func members(_ entries: [ZEntry]) -> [String] { entries.map(\.member.string) }

    @Test func encodingFollowsTheListpackLimits() {
        var limits = EncodingLimits()
        limits.zsetMaxListpackEntries = 3
        limits.zsetMaxListpackValue = 4
        let z = SortedSetObject()
        #expect(z.set("a", score: 1, limits: limits))
        #expect(z.set("b", score: 2, limits: limits))
        #expect(z.set("c", score: 3, limits: limits))
        #expect(!z.set("c", score: 4, limits: limits))
        #expect(z.encoding == "listpack")
        #expect(z.set("d", score: 5, limits: limits))
        #expect(z.encoding == "skiplist")
        #expect(z.score(of: "c") == 4)
        #expect(z.remove("d") && z.remove("c"))
        // Shrinking never converts back by itself.
        #expect(z.encoding == "skiplist")
        z.convertToListpackIfFits(limits)
        #expect(z.encoding == "listpack")
        #expect(z.score(of: "b") == 2 && z.score(of: "c") == nil)

        let long = SortedSetObject()
        long.set("12345", score: 1, limits: limits)
        #expect(long.encoding == "skiplist")
        long.convertToListpackIfFits(limits)
        #expect(long.encoding == "skiplist")
    }

    @Test func listpackDropsTheSignOfZero() {
        let lp = Self.zset([(-0.0, "a")])
        #expect(lp.score(of: "a")?.sign == .plus)
        let sl = Self.zset([(-0.0, "a")], skiplist: true)
        #expect(sl.score(of: "a")?.sign == .minus)
        #expect(sl.ordered.first?.score.sign == .minus)
        sl.convertToListpack()
        #expect(sl.score(of: "a")?.sign == .plus)
    }

    @Test func ranksAndRemovals() {
        for skiplist in [false, true] {
            let z = Self.zset([(3, "c"), (1, "a"), (2, "b"), (2, "bb")], skiplist: skiplist)
            #expect(z.rank(of: "bb") == 2)
            #expect(z.rank(of: "bb", reverse: true) == 1)
            #expect(z.rank(of: "x") == nil)
            #expect(Self.members(z.removeRanks(1..<3)) == ["b", "bb"])
            #expect(z.score(of: "b") == nil)
            #expect(z.count == 2)
            #expect(Self.members(z.removeRanks(0..<1)) == ["a"])
            #expect(z.index == nil || z.index!.count == 1)
        }
    }

    @Test func scoreIntervals() {
        for skiplist in [false, true] {
            let z = Self.zset([(1, "a"), (2, "b"), (3, "c"), (4, "d"), (5, "e")], skiplist: skiplist)
            let closed = ScoreInterval(min: 2, max: 4)
            #expect(Self.members(z.select(closed, reverse: false)) == ["b", "c", "d"])
            #expect(Self.members(z.select(closed, reverse: true)) == ["d", "c", "b"])
            #expect(Self.members(z.select(closed, reverse: false, offset: 1, limit: 1)) == ["c"])
            #expect(z.select(closed, reverse: false, offset: -1).isEmpty)
            #expect(Self.members(z.select(closed, reverse: false, offset: 0, limit: -5)) == ["b", "c", "d"])
            let open = ScoreInterval(min: 2, max: 4, minExclusive: true, maxExclusive: true)
            #expect(Self.members(z.select(open, reverse: false)) == ["c"])
            #expect(z.countInRange(open) == 1)
            #expect(z.ranks(in: closed) == 1..<4)
            #expect(z.countInRange(ScoreInterval(min: 3, max: 3, minExclusive: true)) == 0)
            #expect(z.countInRange(ScoreInterval(min: 5, max: 1)) == 0)
            #expect(z.countInRange(ScoreInterval(min: -.infinity, max: .infinity)) == 5)
        }
    }

    @Test func lexIntervals() {
        for skiplist in [false, true] {
            let z = Self.zset([(0, "a"), (0, "b"), (0, "c"), (0, "d")], skiplist: skiplist)
            let all = LexInterval(min: .minusInfinity, max: .plusInfinity, minExclusive: true, maxExclusive: true)
            #expect(z.countInRange(all) == 4)
            let bc = LexInterval(min: .value("b"), max: .value("c"), minExclusive: false, maxExclusive: false)
            #expect(Self.members(z.select(bc, reverse: true)) == ["c", "b"])
            let empty = LexInterval(min: .plusInfinity, max: .plusInfinity, minExclusive: true, maxExclusive: true)
            #expect(empty.isEmpty)
            #expect(LexInterval(min: .value("b"), max: .minusInfinity, minExclusive: false, maxExclusive: true).isEmpty)
            #expect(!LexInterval(min: .minusInfinity, max: .value(""), minExclusive: true, maxExclusive: false).isEmpty)
        }
    }

    /// Members out of order (mixed scores): a listpack's last entry in range is found from the
    /// back, a skiplist's by walking from the front, as redis-server 7.0 answers.
    @Test func lexIntervalsOverMixedScores() {
        let pairs = (0..<30).map { (Double($0), "m\($0)") }
        let r = LexInterval(min: .value("m1"), max: .value("m2"), minExclusive: false, maxExclusive: false)
        let lp = Self.zset(pairs)
        #expect(lp.firstRank(in: r) == 1)
        #expect(lp.lastRank(in: r) == 19)
        let sl = Self.zset(pairs, skiplist: true)
        #expect(sl.firstRank(in: r) == 1)
        #expect(sl.lastRank(in: r) == 2)
        #expect(sl.countInRange(r) == 2)
        #expect(Self.members(sl.select(r, reverse: false)) == ["m1", "m2"])
    }
}

extension SortedSetObjectTests {
    @Test func listpackScoreText() {
        #expect(SortedSetObject.listpackText(3) == "3")
        #expect(SortedSetObject.listpackText(-0.0) == "0")
        #expect(SortedSetObject.listpackText(1e17) == "100000000000000000")
        #expect(SortedSetObject.listpackText(4_611_686_018_427_387_904) == "4611686018427387904")
        #expect(SortedSetObject.listpackText(1e19) == "1e+19")
        #expect(SortedSetObject.listpackText(0.1) == "0.10000000000000001")
        #expect(SortedSetObject.listpackText(-.infinity) == "-inf")
    }
}
