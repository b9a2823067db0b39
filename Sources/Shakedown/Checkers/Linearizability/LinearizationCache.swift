/// The memo of Lowe's search: every (set of linearized operations, model state) already
/// explored, so that the search never explores the same configuration twice.
///
/// An open-addressing table over flat storage of the sets' compact forms (see
/// `LinearizedSet`): a set is copied in only when its configuration is new, and lookups
/// allocate nothing.
struct LinearizationCache<State: Hashable> {
    private struct Entry {
        var hash: UInt64
        var low: Int32
        var length: Int32
        var offset: Int
    }

    private var words: [UInt64] = []
    private var entries: [Entry] = []
    private var states: [State] = []
    private var table = [Int32](repeating: -1, count: 1024)
    private var mask = 1023

    var count: Int { entries.count }
    /// Bytes held, to give up before memory runs out.
    var bytes: Int {
        words.count * 8 + table.count * 4 + entries.count * (MemoryLayout<Entry>.stride + MemoryLayout<State>.stride)
    }

    /// Adds the configuration; false when it was already there.
    mutating func insert(_ set: LinearizedSet, state: State) -> Bool {
        let combined = set.hash ^ (UInt64(bitPattern: Int64(state.hashValue)) &* 0x9E37_79B9_7F4A_7C15)
        let significant = set.significantWords
        var slot = Int(truncatingIfNeeded: combined >> 7) & mask
        while true {
            let index = Int(table[slot])
            if index < 0 { break }
            let entry = entries[index]
            if entry.hash == combined && Int(entry.low) == set.low && Int(entry.length) == significant.count
                && states[index] == state && words[entry.offset..<(entry.offset + significant.count)].elementsEqual(significant)
            {
                return false
            }
            slot = (slot + 1) & mask
        }
        table[slot] = Int32(entries.count)
        entries.append(Entry(hash: combined, low: Int32(set.low), length: Int32(significant.count), offset: words.count))
        states.append(state)
        words.append(contentsOf: significant)
        if entries.count * 2 > table.count { grow() }
        return true
    }

    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        mask = table.count - 1
        for (index, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash >> 7) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(index)
        }
    }
}
