/// Random sampling with a count, for HRANDFIELD, SRANDMEMBER and SPOP.
enum RandomSample {
    /// `count` distinct indices of `0..<size`, uniformly, in random order (`count < size`).
    /// Like Redis, a sample close to the whole collection is made by discarding from a full
    /// copy, a small one by drawing until enough distinct indices turned up.
    static func distinctIndices<G: RandomNumberGenerator>(_ count: Int, of size: Int, using g: inout G) -> [Int] {
        precondition(count >= 0 && count <= size)
        if count * 3 > size {
            // A partial Fisher-Yates shuffle: the first `count` slots end up a uniform sample.
            var all = Array(0..<size)
            for i in 0..<count {
                all.swapAt(i, Int.random(in: i..<size, using: &g))
            }
            return Array(all[0..<count])
        }
        var seen = Set<Int>(minimumCapacity: count)
        var picked: [Int] = []
        picked.reserveCapacity(count)
        while picked.count < count {
            let i = Int.random(in: 0..<size, using: &g)
            if seen.insert(i).inserted { picked.append(i) }
        }
        return picked
    }

    /// `getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX)`: the count of HRANDFIELD and
    /// SRANDMEMBER, whose magnitude must be representable.
    static func countArgument(_ call: Call, _ i: Int) throws(RedisError) -> Int64 {
        let n = try call.int(i)
        guard n != Int64.min else {
            throw RedisError(
                "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
        }
        return n
    }
}
