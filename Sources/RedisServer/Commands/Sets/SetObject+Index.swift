extension SetObject {
    /// The member at position `i` of the current encoding (0..<count), for random sampling.
    func member(at i: Int) -> Bytes {
        switch storage {
        case .intset(let ints): return Bytes(ints[i])
        case .table(let t): return t.key(at: i)
        }
    }
}
