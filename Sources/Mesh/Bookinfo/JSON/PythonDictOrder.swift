/// The iteration order of a CPython 2.7 dict built by inserting `keys` in order.
///
/// productpage (Python 2.7) re-serialises the JSON it got from upstream through plain dicts, so
/// its answers list members in hash-table slot order: `{"publisher": …, "language": …,
/// "author": …, "id": 0, …}` for details. This replays 2.7's string hash (no randomisation),
/// open addressing with perturbation, and the ×4 resize at two-thirds fill.
enum PythonDictOrder {
    static func iterationOrder(of keys: [String]) -> [String] {
        var table = [String?](repeating: nil, count: 8)
        var fill = 0
        for key in keys {
            insert(key, into: &table)
            fill += 1
            if fill * 3 >= table.count * 2 {
                // dictresize(mp, 4 * used): the smallest power of two above it, from 8.
                let minimum = (fill > 50_000 ? 2 : 4) * fill
                var size = 8
                while size <= minimum { size <<= 1 }
                let old = table
                table = [String?](repeating: nil, count: size)
                for case let existing? in old { insert(existing, into: &table) }
            }
        }
        return table.compactMap { $0 }
    }

    private static func insert(_ key: String, into table: inout [String?]) {
        let mask = UInt64(table.count - 1)
        let hash = UInt64(bitPattern: stringHash(key))
        var slot = hash & mask
        var perturb = hash
        while table[Int(slot)] != nil {
            slot = (slot &<< 2) &+ slot &+ perturb &+ 1
            perturb >>= 5
            slot &= mask
        }
        table[Int(slot)] = key
    }

    /// CPython 2.7 string/unicode hash (equal for ASCII; unicode on code points, UCS-4 builds).
    static func stringHash(_ key: String) -> Int64 {
        let scalars = Array(key.unicodeScalars)
        guard let first = scalars.first else { return 0 }
        var x = Int64(first.value) &<< 7
        for scalar in scalars { x = (1_000_003 &* x) ^ Int64(scalar.value) }
        x ^= Int64(scalars.count)
        return x == -1 ? -2 : x
    }
}
