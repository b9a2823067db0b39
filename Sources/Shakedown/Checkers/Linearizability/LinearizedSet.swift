/// The set of operations linearized so far, as a bitset that knows its own compact form.
///
/// A search that gets far has linearized almost every operation before some point and few
/// after it, so the set is stored in the memo as `low` (the words below it are all ones) and
/// the words from there to the last non-zero one: a few words instead of one bit per
/// operation of the key. `hash` is a Zobrist hash (the XOR of one random word per member),
/// kept up to date in O(1).
struct LinearizedSet {
    private(set) var words: [UInt64]
    /// The first word that is not all ones.
    private(set) var low = 0
    /// One past the last word that is not zero.
    private(set) var high = 0
    private(set) var hash: UInt64 = 0
    private let keys: [UInt64]

    init(count: Int, seed: UInt64) {
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
        var random = SeededRandom(seed: seed)
        keys = (0..<count).map { _ in random.next() }
    }

    mutating func insert(_ member: Int) {
        let word = member >> 6
        words[word] |= 1 << UInt64(member & 63)
        hash ^= keys[member]
        if word + 1 > high { high = word + 1 }
        while low < words.count && words[low] == .max { low += 1 }
    }

    mutating func remove(_ member: Int) {
        let word = member >> 6
        words[word] &= ~(1 << UInt64(member & 63))
        hash ^= keys[member]
        if word < low { low = word }
        while high > 0 && words[high - 1] == 0 { high -= 1 }
    }

    /// The words that distinguish this set: from `low` to `high` (empty when none).
    var significantWords: ArraySlice<UInt64> { words[low..<max(low, high)] }
}
