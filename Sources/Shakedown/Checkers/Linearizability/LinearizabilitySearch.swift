import Foundation

/// How the search of one key ended.
enum SearchOutcome<State> {
    case linearizable
    /// No order exists. `prefix` is the longest linearizable prefix found (operation indexes in
    /// order) and `state` the model's state after it; `blocked` is the operation whose return
    /// came next, which could not be placed, and `candidates` the other operations that were
    /// open there (none of them fit either).
    case notLinearizable(prefix: [Int], state: State, blocked: Int, candidates: [Int])
    /// The time limit passed, or the explored configurations outgrew memory.
    case gaveUp(String)
}

/// Wing & Gong's search with Lowe's memoisation, as Porcupine runs it, for one key's
/// operations (P-compositionality lets each key be checked alone).
///
/// The history is a doubly linked list of call and return entries in real-time order. The
/// search walks it from the front: a call whose operation the model accepts in the current
/// state is linearized (its call and return are lifted out of the list, and the state pushed);
/// reaching a return means the operation it ends should already have been linearized, so the
/// search backtracks. An empty list is a complete linearization. Configurations already seen
/// (same linearized set, same state) are not explored again.
struct LinearizabilitySearch<Model: LinearizabilityModel> {
    let model: Model
    let operations: [CheckedOperation<Model.Input, Model.Output>]
    /// Bytes the memo may use before the search gives up on this key.
    var memoryLimit = 1 << 30

    func run(deadline: ContinuousClock.Instant) -> SearchOutcome<Model.State> {
        let count = operations.count
        guard count > 0 else { return .linearizable }
        let inputs = operations.map(\.input)
        let outputs = operations.map(\.output)

        // Entries in real-time order; entry 0 is the head of the list. Operations whose
        // outcome is unknown return after everything.
        var order: [(position: Int, isReturn: Bool, operation: Int)] = []
        order.reserveCapacity(count * 2)
        for (index, operation) in operations.enumerated() {
            order.append((operation.callPosition, false, index))
            order.append((operation.returnPosition ?? Int.max, true, index))
        }
        order.sort { ($0.position, $0.isReturn ? 1 : 0, $0.operation) < ($1.position, $1.isReturn ? 1 : 0, $1.operation) }
        let entries = count * 2 + 1
        var next = [Int32](repeating: -1, count: entries)
        var prev = [Int32](repeating: -1, count: entries)
        var operationOf = [Int32](repeating: -1, count: entries)
        var returnOf = [Int32](repeating: -1, count: entries)  // call entry -> its return entry; -1 for returns
        var callEntry = [Int32](repeating: -1, count: count)
        for (offset, item) in order.enumerated() {
            let entry = offset + 1
            operationOf[entry] = Int32(item.operation)
            if item.isReturn { returnOf[Int(callEntry[item.operation])] = Int32(entry) } else { callEntry[item.operation] = Int32(entry) }
            prev[entry] = Int32(entry - 1)
            next[entry - 1] = Int32(entry)
        }

        var random = SeededRandom(seed: 0x5EED_1A7E_0000_0000 &+ UInt64(count))
        let zobrist = (0..<count).map { _ in random.next() }
        var linearized = [UInt64](repeating: 0, count: (count + 63) / 64)
        var hash: UInt64 = 0
        var cache = LinearizationCache<Model.State>(words: linearized.count)
        var state = model.initialState
        var stackEntries: [Int32] = []
        var stackStates: [Model.State] = []
        var longest: [Int32] = []
        var longestState = state
        var longestBlocked = 0
        var recorded = false
        var longestCandidates: [Int] = []
        var steps = 0

        var entry = Int(next[0])
        while next[0] >= 0 {
            if steps & 1023 == 0 {
                if ContinuousClock.now >= deadline { return .gaveUp("time limit reached") }
                if cache.bytes > memoryLimit {
                    return .gaveUp("gave up after \(CheckText.count(cache.count)) configurations (memory)")
                }
            }
            steps &+= 1
            let returnEntry = Int(returnOf[entry])
            if returnEntry >= 0 {
                let operation = Int(operationOf[entry])
                if let newState = model.step(state, inputs[operation], outputs[operation]) {
                    let word = operation >> 6, bit = UInt64(1) << UInt64(operation & 63)
                    linearized[word] |= bit
                    if cache.insert(linearized, hash: hash ^ zobrist[operation], state: newState) {
                        hash ^= zobrist[operation]
                        stackEntries.append(Int32(entry))
                        stackStates.append(state)
                        state = newState
                        // Lift the call and its return out of the list.
                        next[Int(prev[entry])] = next[entry]
                        if next[entry] >= 0 { prev[Int(next[entry])] = prev[entry] }
                        next[Int(prev[returnEntry])] = next[returnEntry]
                        if next[returnEntry] >= 0 { prev[Int(next[returnEntry])] = prev[returnEntry] }
                        entry = Int(next[0])
                    } else {
                        linearized[word] &= ~bit
                        entry = Int(next[entry])
                    }
                } else {
                    entry = Int(next[entry])
                }
                continue
            }
            // A return: its operation cannot come later, so undo the last choice.
            if !recorded || stackEntries.count > longest.count {
                recorded = true
                longest = stackEntries
                longestState = state
                longestBlocked = Int(operationOf[entry])
                longestCandidates = []
                var open = Int(next[0])
                while open != entry {
                    if returnOf[open] >= 0 { longestCandidates.append(Int(operationOf[open])) }
                    open = Int(next[open])
                }
            }
            guard let top = stackEntries.popLast() else {
                return .notLinearizable(
                    prefix: longest.map { Int(operationOf[Int($0)]) }, state: longestState, blocked: longestBlocked,
                    candidates: longestCandidates)
            }
            let lifted = Int(top), liftedReturn = Int(returnOf[lifted])
            let operation = Int(operationOf[lifted])
            state = stackStates.removeLast()
            linearized[operation >> 6] &= ~(UInt64(1) << UInt64(operation & 63))
            hash ^= zobrist[operation]
            // Put the return back, then the call.
            next[Int(prev[liftedReturn])] = Int32(liftedReturn)
            if next[liftedReturn] >= 0 { prev[Int(next[liftedReturn])] = Int32(liftedReturn) }
            next[Int(prev[lifted])] = Int32(lifted)
            if next[lifted] >= 0 { prev[Int(next[lifted])] = Int32(lifted) }
            entry = Int(next[lifted])
        }
        return .linearizable
    }
}
