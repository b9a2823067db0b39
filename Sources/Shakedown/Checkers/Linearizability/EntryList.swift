/// A key's history as Lowe's search walks it: a doubly linked list of call and return entries
/// in real-time order, over arrays. Linearizing an operation lifts its two entries out;
/// backtracking puts them back in the same place.
struct EntryList {
    /// Entry 0 is the head; each operation has a call entry and, later, a return entry.
    private(set) var next: [Int32]
    private var prev: [Int32]
    /// The operation of each entry.
    let operationOf: [Int32]
    /// For a call entry, its return entry; -1 for a return entry.
    let returnOf: [Int32]

    /// `calls[i]` and `returns[i]` are operation i's positions in real-time order; an operation
    /// without a return position (outcome unknown) returns after everything.
    init(calls: [Int], returns: [Int?]) {
        let count = calls.count
        var order: [(position: Int, isReturn: Bool, operation: Int)] = []
        order.reserveCapacity(count * 2)
        for operation in 0..<count {
            order.append((calls[operation], false, operation))
            order.append((returns[operation] ?? Int.max, true, operation))
        }
        order.sort { ($0.position, $0.isReturn ? 1 : 0, $0.operation) < ($1.position, $1.isReturn ? 1 : 0, $1.operation) }
        let entries = count * 2 + 1
        var next = [Int32](repeating: -1, count: entries)
        var prev = [Int32](repeating: -1, count: entries)
        var operationOf = [Int32](repeating: -1, count: entries)
        var returnOf = [Int32](repeating: -1, count: entries)
        var callEntry = [Int](repeating: -1, count: count)
        for (offset, item) in order.enumerated() {
            let entry = offset + 1
            operationOf[entry] = Int32(item.operation)
            if item.isReturn { returnOf[callEntry[item.operation]] = Int32(entry) } else { callEntry[item.operation] = entry }
            prev[entry] = Int32(entry - 1)
            next[entry - 1] = Int32(entry)
        }
        self.next = next
        self.prev = prev
        self.operationOf = operationOf
        self.returnOf = returnOf
    }

    /// The first entry still in the list, or -1 when every operation is linearized.
    var first: Int { Int(next[0]) }

    func isCall(_ entry: Int) -> Bool { returnOf[entry] >= 0 }
    func operation(_ entry: Int) -> Int { Int(operationOf[entry]) }
    func after(_ entry: Int) -> Int { Int(next[entry]) }

    /// Takes a call entry and its return out of the list.
    mutating func lift(_ call: Int) {
        let ret = Int(returnOf[call])
        unlink(call)
        unlink(ret)
    }

    /// Puts back what `lift(call)` took out (in reverse order, so links are restored exactly).
    mutating func unlift(_ call: Int) {
        let ret = Int(returnOf[call])
        relink(ret)
        relink(call)
    }

    private mutating func unlink(_ entry: Int) {
        next[Int(prev[entry])] = next[entry]
        if next[entry] >= 0 { prev[Int(next[entry])] = prev[entry] }
    }

    private mutating func relink(_ entry: Int) {
        next[Int(prev[entry])] = Int32(entry)
        if next[entry] >= 0 { prev[Int(next[entry])] = Int32(entry) }
    }
}
