/// The memo of Lowe's search: every (set of linearized operations, model state) already
/// explored, so that the search never explores the same configuration twice.
///
/// An open-addressing table over flat storage: a bitset is copied in only when its
/// configuration is new, and lookups allocate nothing. The caller passes the bitset's Zobrist
/// hash (an XOR of one random word per linearized operation), which it keeps up to date in
/// O(1) per step.
struct LinearizationCache<State: Hashable> {
    let words: Int
    private var bits: [UInt64] = []
    private var states: [State] = []
    private var hashes: [UInt64] = []
    private var table: [Int32]
    private var mask: Int

    init(words: Int) {
        self.words = max(words, 1)
        table = [Int32](repeating: -1, count: 1024)
        mask = 1023
    }

    var count: Int { states.count }
    /// Bytes held, to give up before memory runs out.
    var bytes: Int { bits.count * 8 + hashes.count * 8 + table.count * 4 + states.count * MemoryLayout<State>.stride }

    /// Adds the configuration; false when it was already there.
    mutating func insert(_ linearized: [UInt64], hash: UInt64, state: State) -> Bool {
        let combined = hash ^ (UInt64(bitPattern: Int64(state.hashValue)) &* 0x9E37_79B9_7F4A_7C15)
        var slot = Int(truncatingIfNeeded: combined >> 7) & mask
        while true {
            let entry = Int(table[slot])
            if entry < 0 { break }
            if hashes[entry] == combined && states[entry] == state && sameBits(entry, linearized) { return false }
            slot = (slot + 1) & mask
        }
        table[slot] = Int32(states.count)
        hashes.append(combined)
        states.append(state)
        bits.append(contentsOf: linearized)
        if states.count * 2 > table.count { grow() }
        return true
    }

    private func sameBits(_ entry: Int, _ linearized: [UInt64]) -> Bool {
        let base = entry * words
        for word in 0..<words where bits[base + word] != linearized[word] { return false }
        return true
    }

    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        mask = table.count - 1
        for entry in hashes.indices {
            var slot = Int(truncatingIfNeeded: hashes[entry] >> 7) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(entry)
        }
    }
}
