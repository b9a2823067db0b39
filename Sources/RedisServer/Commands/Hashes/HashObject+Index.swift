extension HashObject {
    /// The pair at position `i` of the current encoding (0..<count), for random sampling.
    func pair(at i: Int) -> (field: Bytes, value: Bytes) {
        switch storage {
        case .listpack(let pairs): return pairs[i]
        case .table(let t): return (t.key(at: i), t.value(at: i))
        }
    }
}
