import Testing
@testable import Shakedown

/// The search against the definition: on small random register histories, the checker's
/// verdict must equal that of trying every order that respects real time.
@Suite struct LinearizabilitySearchTests {
    struct SmallOperation {
        var write: Int?  // nil: a read
        var read: Int??  // what a read returned (.some(nil): absent)
        var call: Double
        var ret: Double?  // nil: outcome unknown (a write in doubt)
    }

    /// Every permutation that respects real time, run against a register.
    func bruteForce(_ operations: [SmallOperation]) -> Bool {
        var used = [Bool](repeating: false, count: operations.count)
        func extend(_ value: Int?, _ placed: Int) -> Bool {
            if placed == operations.count { return true }
            for index in operations.indices where !used[index] {
                // Everything that returned before this call must already be placed.
                let mustWait = operations.indices.contains { other in
                    !used[other] && other != index && operations[other].ret.map { $0 < operations[index].call } == true
                }
                if mustWait { continue }
                var next = value
                if let written = operations[index].write {
                    next = written
                } else if operations[index].read! != value {
                    continue
                }
                used[index] = true
                if extend(next, placed + 1) { return true }
                used[index] = false
            }
            return false
        }
        return extend(nil, 0)
    }

    func history(_ operations: [SmallOperation]) -> [HistoryEvent] {
        var h = HistoryBuilder()
        for (process, operation) in operations.enumerated() {
            if let write = operation.write {
                h.write(process, "k", write, from: operation.call, to: operation.ret ?? operation.call + 100, operation.ret == nil ? .info : .ok)
            } else {
                h.read(process, "k", operation.read!, from: operation.call, to: operation.ret!)
            }
        }
        return h.history
    }

    @Test func agreesWithBruteForceOnRandomSmallHistories() {
        var random = SeededRandom(seed: 77)
        var verdicts: [Validity: Int] = [:]
        for round in 0..<600 {
            let count = Int.random(in: 1...7, using: &random)
            var operations: [SmallOperation] = []
            var written: [Int] = []
            for _ in 0..<count {
                // Distinct times on a fine grid, so no two events tie.
                let call = Double(Int.random(in: 0..<1000, using: &random)) + Double(operations.count) / 100
                let length = Double(Int.random(in: 1...300, using: &random)) + 0.001
                if Bool.random(using: &random) {
                    let value = written.count + 1
                    written.append(value)
                    let doubt = Int.random(in: 0..<5, using: &random) == 0
                    operations.append(SmallOperation(write: value, read: nil, call: call, ret: doubt ? nil : call + length))
                } else {
                    let seen: Int? = written.isEmpty || Int.random(in: 0..<4, using: &random) == 0 ? nil : written.randomElement(using: &random)
                    operations.append(SmallOperation(write: nil, read: .some(seen), call: call, ret: call + length))
                }
            }
            let expected = bruteForce(operations)
            let result = LinearizableChecker().check(CheckContext(history: history(operations)))
            verdicts[result.validity, default: 0] += 1
            #expect(result.validity == (expected ? .valid : .invalid), "round \(round): \(result.message)")
            if result.validity != (expected ? .valid : .invalid) { break }
        }
        // Both verdicts must have come up, or the comparison proved little.
        #expect((verdicts[.valid] ?? 0) > 50 && (verdicts[.invalid] ?? 0) > 50, "\(verdicts)")
    }
}
