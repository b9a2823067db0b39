import NIOCore

/// ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (Redis's
/// `zunionInterDiffGenericCommand`). Inputs may be sorted sets or plain sets (score 1).
enum ZSetAlgebra {
    enum Operation { case union, inter, diff }
    enum Aggregate { case sum, min, max }

    /// One input key: its value (nil when missing) and weight.
    struct Source {
        var zset: SortedSetObject?
        var set: SetObject?
        var weight = 1.0

        var count: Int { zset?.count ?? set?.count ?? 0 }

        func forEach(_ body: (Bytes, Double) -> Void) {
            if let zset {
                zset.ordered.forEach { body($0.member, $0.score) }
            } else if let set {
                set.forEach { body($0, 1.0) }
            }
        }

        func score(of member: Bytes) -> Double? {
            if let zset { return zset.score(of: member) }
            if let set { return set.contains(member) ? 1.0 : nil }
            return nil
        }
    }

    /// `destination` is the index of the STORE key; `cardinalityOnly` makes ZINTERCARD.
    static func run(
        _ call: inout Call, _ op: Operation, numkeysIndex: Int, store: Bool, cardinalityOnly: Bool = false
    ) throws(RedisError) {
        let setCount = try call.int(numkeysIndex)
        guard setCount >= 1 else {
            throw RedisError("ERR at least 1 input key is needed for '\(call.spec.fullName)' command")
        }
        guard setCount <= Int64(call.count - (numkeysIndex + 1)) else { throw .syntax }
        let n = Int(setCount)
        // Keys are read (and type-checked) before the options are parsed, as in Redis.
        var sources: [Source] = []
        sources.reserveCapacity(n)
        for i in 0..<n {
            switch call.lookupRead(call.bytes(numkeysIndex + 1 + i)) {
            case nil: sources.append(Source())
            case .zset(let z)?: sources.append(Source(zset: z))
            case .set(let s)?: sources.append(Source(set: s))
            default: throw .wrongType
            }
        }
        var aggregate = Aggregate.sum
        var withScores = false
        var limit = 0
        var j = numkeysIndex + 1 + n
        while j < call.count {
            let remaining = call.count - j
            if op != .diff && !cardinalityOnly && remaining >= n + 1 && call.keyword(j, "WEIGHTS") {
                for i in 0..<n {
                    sources[i].weight = try call.double(j + 1 + i, error: RedisError("ERR weight value is not a float"))
                }
                j += n + 1
            } else if op != .diff && !cardinalityOnly && remaining >= 2 && call.keyword(j, "AGGREGATE") {
                if call.keyword(j + 1, "SUM") {
                    aggregate = .sum
                } else if call.keyword(j + 1, "MIN") {
                    aggregate = .min
                } else if call.keyword(j + 1, "MAX") {
                    aggregate = .max
                } else {
                    throw .syntax
                }
                j += 2
            } else if !store && !cardinalityOnly && call.keyword(j, "WITHSCORES") {
                withScores = true
                j += 1
            } else if cardinalityOnly && remaining >= 2 && call.keyword(j, "LIMIT") {
                let negative = RedisError("ERR LIMIT can't be negative")
                let v = try call.int(j + 1, error: negative)
                guard v >= 0 else { throw negative }
                limit = Int(v)
                j += 2
            } else {
                throw .syntax
            }
        }
        if op != .diff {
            // Smallest first; equal sizes keep their order (glibc's qsort is a merge sort).
            sources = sources.enumerated().sorted { ($0.element.count, $0.offset) < ($1.element.count, $1.offset) }
                .map(\.element)
        }
        if cardinalityOnly {
            call.reply.integer(intersectionCount(sources, limit: limit))
            return
        }
        let result: [ZEntry]
        switch op {
        case .union: result = union(sources, aggregate)
        case .inter: result = intersection(sources, aggregate)
        case .diff: result = difference(sources)
        }
        if store {
            storeResult(&call, result)
        } else {
            call.reply.sortedEntries(result, withScores: withScores)
        }
    }

    /// `zunionInterAggregate`; a sum of +inf and -inf is 0, not NaN.
    static func combine(_ target: inout Double, _ value: Double, _ aggregate: Aggregate) {
        switch aggregate {
        case .sum:
            target += value
            if target.isNaN { target = 0 }
        case .min: target = value < target ? value : target
        case .max: target = value > target ? value : target
        }
    }

    /// A weighted score; 0 x inf is taken as 0.
    static func weighted(_ score: Double, _ weight: Double) -> Double {
        let v = weight * score
        return v.isNaN ? 0 : v
    }

    static func union(_ sources: [Source], _ aggregate: Aggregate) -> [ZEntry] {
        var scores: [Bytes: Double] = [:]
        scores.reserveCapacity(sources.last?.count ?? 0)
        for source in sources where source.count > 0 {
            source.forEach { member, score in
                let value = weighted(score, source.weight)
                if let i = scores.index(forKey: member) {
                    combine(&scores.values[i], value, aggregate)
                } else {
                    scores[member] = value
                }
            }
        }
        return scores.map { ZEntry(score: $0.value, member: $0.key) }.sorted()
    }

    /// Walks the smallest input and keeps what every other input has.
    static func intersection(_ sources: [Source], _ aggregate: Aggregate) -> [ZEntry] {
        var out: [ZEntry] = []
        forEachCommon(sources, aggregate) { out.append(ZEntry(score: $1, member: $0)) }
        return out.sorted()
    }

    static func intersectionCount(_ sources: [Source], limit: Int) -> Int {
        var found = 0
        visitCommon(sources, .sum) { _, _ in
            found += 1
            return limit == 0 || found < limit
        }
        return found
    }

    static func forEachCommon(_ sources: [Source], _ aggregate: Aggregate, _ body: (Bytes, Double) -> Void) {
        visitCommon(sources, aggregate) { member, score in
            body(member, score)
            return true
        }
    }

    /// Calls `body` for each member present in every input, until it returns false.
    static func visitCommon(_ sources: [Source], _ aggregate: Aggregate, _ body: (Bytes, Double) -> Bool) {
        guard let first = sources.first, first.count > 0 else { return }
        var going = true
        first.forEach { member, score in
            guard going else { return }
            var total = weighted(score, first.weight)
            for other in sources.dropFirst() {
                guard let s = other.score(of: member) else { return }
                combine(&total, s * other.weight, aggregate)
            }
            going = body(member, total)
        }
    }

    /// Members of the first input found in no other, with their own (unweighted) scores.
    static func difference(_ sources: [Source]) -> [ZEntry] {
        guard let first = sources.first, first.count > 0 else { return [] }
        var out: [ZEntry] = []
        first.forEach { member, score in
            for other in sources.dropFirst() where other.score(of: member) != nil { return }
            out.append(ZEntry(score: score, member: member))
        }
        return out.sorted()
    }

    /// The STORE forms: the result as a skiplist, turned into a listpack when it fits
    /// (`zsetConvertToListpackIfNeeded`); an empty result deletes the destination.
    static func storeResult(_ call: inout Call, _ result: [ZEntry]) {
        let destination = call.bytes(1)
        guard !result.isEmpty else {
            call.reply.integer(0)
            if call.deleteKey(destination) { call.dirty() }
            return
        }
        let zset = SortedSetObject(sorted: result, skiplist: true)
        zset.convertToListpackIfFits(call.node.config.encoding)
        call.setKey(destination, .zset(zset))
        call.reply.integer(zset.count)
        call.dirty()
    }

    /// Key positions of the STORE forms: the destination, then `numkeys` keys.
    static let storeKeys: @Sendable ([ByteBuffer]) -> [Int] = { args in
        [1] + ListCommands.numkeysKeys(at: 2)(args)
    }
}
