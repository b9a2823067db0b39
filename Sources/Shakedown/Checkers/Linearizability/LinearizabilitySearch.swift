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
/// The search walks the entry list from the front: a call whose operation the model accepts
/// in the current state is linearized (its entries are lifted out, the state pushed); reaching
/// a return means the operation it ends should already have been linearized, so the search
/// backtracks. An empty list is a complete linearization. Configurations already seen (same
/// linearized set, same state) are not explored again. Read-only operations that fit are
/// linearized first, and never undone for an alternative (see `isReadOnly`).
struct LinearizabilitySearch<Model: LinearizabilityModel> {
    let model: Model
    let operations: [CheckedOperation<Model.Input, Model.Output>]
    /// Bytes the memo may use before the search gives up on this key.
    var memoryLimit = 1 << 30

    func run(deadline: ContinuousClock.Instant) -> SearchOutcome<Model.State> {
        guard !operations.isEmpty else { return .linearizable }
        var run = Run(model: model, operations: operations)
        return run.search(deadline: deadline, memoryLimit: memoryLimit)
    }

    /// The mutable state of one search.
    private struct Run {
        let model: Model
        let inputs: [Model.Input]
        let outputs: [Model.Output?]
        let readOnly: [Bool]
        var list: EntryList
        var linearized: LinearizedSet
        var cache = LinearizationCache<Model.State>()
        var state: Model.State
        /// Linearized call entries, the state before each, and whether it was forced (a
        /// read-only operation that fit, which leaves no alternative to try).
        var stack: [(entry: Int32, forced: Bool)] = []
        var states: [Model.State] = []
        var entry = 0
        /// The deepest dead end, for the report.
        var longest: [Int32] = []
        var longestState: Model.State
        var longestBlocked = -1
        var longestCandidates: [Int] = []

        init(model: Model, operations: [CheckedOperation<Model.Input, Model.Output>]) {
            self.model = model
            inputs = operations.map(\.input)
            outputs = operations.map(\.output)
            readOnly = inputs.map(model.isReadOnly)
            list = EntryList(calls: operations.map(\.callPosition), returns: operations.map(\.returnPosition))
            linearized = LinearizedSet(count: operations.count, seed: 0x5EED_1A7E &+ UInt64(operations.count))
            state = model.initialState
            longestState = state
        }

        mutating func search(deadline: ContinuousClock.Instant, memoryLimit: Int) -> SearchOutcome<Model.State> {
            var steps = 0
            var fresh = true  // a new configuration: look for a read-only operation that fits
            entry = list.first
            while list.first >= 0 {
                if steps & 1023 == 0 {
                    if ContinuousClock.now >= deadline { return .gaveUp("time limit reached") }
                    if cache.bytes > memoryLimit {
                        return .gaveUp("gave up after \(CheckText.count(cache.count)) configurations (memory)")
                    }
                }
                steps &+= 1
                if fresh {
                    fresh = false
                    if let read = fittingReadOnly() {
                        if place(read, newState: state, forced: true) {
                            fresh = true
                        } else if !backtrack() {
                            // Seen before, so explored and failed: this configuration fails too.
                            return failure()
                        }
                        continue
                    }
                    entry = list.first
                }
                if list.isCall(entry) {
                    let operation = list.operation(entry)
                    if let newState = model.step(state, inputs[operation], outputs[operation]),
                        place(entry, newState: newState, forced: false)
                    {
                        fresh = true
                    } else {
                        entry = list.after(entry)
                    }
                    continue
                }
                // A return: its operation cannot come later, so undo the last choice.
                recordDeadEnd()
                if !backtrack() { return failure() }
            }
            return .linearizable
        }

        /// A read-only call before the first return that the current state satisfies.
        func fittingReadOnly() -> Int? {
            var candidate = list.first
            while candidate >= 0 && list.isCall(candidate) {
                let operation = list.operation(candidate)
                if readOnly[operation] && model.step(state, inputs[operation], outputs[operation]) != nil {
                    return candidate
                }
                candidate = list.after(candidate)
            }
            return nil
        }

        /// Linearizes `call`, reaching `newState`, unless that configuration was explored
        /// already; `forced` marks a read-only operation, which leaves no alternative.
        mutating func place(_ call: Int, newState: Model.State, forced: Bool) -> Bool {
            let operation = list.operation(call)
            linearized.insert(operation)
            guard cache.insert(linearized, state: newState) else {
                linearized.remove(operation)
                return false
            }
            stack.append((Int32(call), forced))
            states.append(state)
            state = newState
            list.lift(call)
            entry = list.first
            return true
        }

        /// Undoes linearizations up to and including the last one that had alternatives, and
        /// resumes after it; false when there is none left (no order exists).
        mutating func backtrack() -> Bool {
            while let top = stack.popLast() {
                let call = Int(top.entry)
                state = states.removeLast()
                linearized.remove(list.operation(call))
                list.unlift(call)
                if !top.forced {
                    entry = list.after(call)
                    return true
                }
            }
            return false
        }

        mutating func recordDeadEnd() {
            guard longestBlocked < 0 || stack.count > longest.count else { return }
            longest = stack.map(\.entry)
            longestState = state
            longestBlocked = list.operation(entry)
            longestCandidates = []
            var open = list.first
            while open != entry {
                if list.isCall(open) { longestCandidates.append(list.operation(open)) }
                open = list.after(open)
            }
        }

        func failure() -> SearchOutcome<Model.State> {
            .notLinearizable(
                prefix: longest.map { list.operation(Int($0)) }, state: longestState, blocked: max(longestBlocked, 0),
                candidates: longestCandidates)
        }
    }
}
