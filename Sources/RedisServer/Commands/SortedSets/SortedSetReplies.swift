import RESP

/// The reply shapes of sorted-set commands in RESP2 and RESP3.
extension RESPWriter {
    /// Members, with their scores when `withScores`: a flat array in RESP2, an array of
    /// `[member, score]` pairs in RESP3 (a map would lose the order), scores as doubles.
    mutating func sortedEntries<C: Collection>(_ entries: C, withScores: Bool) where C.Element == ZEntry {
        let pairs = withScores && version == .v3
        arrayHeader(withScores && !pairs ? entries.count * 2 : entries.count)
        for e in entries {
            if pairs { arrayHeader(2) }
            bulk(e.member)
            if withScores { double(e.score) }
        }
    }

    /// One member and its score, without a header (callers count two elements).
    mutating func memberAndScore(_ e: ZEntry) {
        bulk(e.member)
        double(e.score)
    }
}

extension RedisError {
    static let zaddNaN = RedisError("ERR resulting score is not a number (NaN)")
    static let numkeysNotPositive = RedisError("ERR numkeys should be greater than 0")
    static let countNotPositive = RedisError("ERR count should be greater than 0")
}
