extension StringProtocol {
    /// Equality ignoring ASCII case, without the allocations of `lowercased()`: header names
    /// are compared on every proxied request.
    func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        var left = utf8.makeIterator(), right = other.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case (let a?, let b?) where a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7A): continue
            default: return false
            }
        }
    }
}
