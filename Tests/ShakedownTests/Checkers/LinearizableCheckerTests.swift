import Testing
@testable import Shakedown

@Suite struct LinearizableCheckerTests {
    let checker = LinearizableChecker()

    func check(_ builder: HistoryBuilder, _ checker: LinearizableChecker = LinearizableChecker()) -> CheckResult {
        checker.check(CheckContext(history: builder.history))
    }

    @Test func staleReadIsInvalidNamingKeyAndOperation() {
        var h = HistoryBuilder()
        h.write(0, "k7", 12, from: 1.0, to: 1.1)
        h.write(1, "k7", 15, from: 3.0, to: 3.1)
        h.write(4, "k7", 17, from: 3.3, to: 3.5)  // concurrent with the read: no proof either way
        h.read(2, "k7", 12, from: 3.39, to: 3.402)
        h.write(3, "k8", 1, from: 1.0, to: 1.1)  // another key, fine
        let history = h.history
        let result = check(h)
        #expect(result.validity == .invalid)
        #expect(result.message.hasPrefix("k7 is not linearizable: read of k7 returned 12 at 3.402s"))
        let readBegan = history.index(.invoke, "read", "k7")!
        let readDone = history.index(.ok, "read", "k7", .int(12))!
        let overwrite = history.index(.ok, "write", "k7", .int(15))!
        #expect(
            result.message.hasSuffix(
                "but 12 had been overwritten by write 15 to k7 which completed at 3.100s (event \(overwrite)), "
                    + "before the read began at 3.390s (event \(readBegan))"))
        #expect(result.evidence.contains(readDone) && result.evidence.contains(overwrite))
        #expect(result.details.contains { $0.contains("longest linearizable prefix: 3 of 4 operations") })
        #expect(result.details.contains { $0.contains("12 was written by write 12 to k7 (invoked 1.000s, completed 1.100s") })
        #expect(!result.details.contains { $0.hasPrefix("k8") })
    }

    @Test func concurrentWritesLinearizableOnlyInReverseOrder() {
        // w1 is invoked first, but both overlap: the read after both sees 1, so w2 must come
        // first. A search that tries invocation order first has to backtrack.
        var h = HistoryBuilder()
        h.write(0, "k", 1, from: 0.0, to: 1.0)
        h.write(1, "k", 2, from: 0.1, to: 1.1)
        h.read(2, "k", 2, from: 0.2, to: 0.3)  // w2 before this read...
        h.read(2, "k", 1, from: 1.2, to: 1.3)  // ...and w1 after it
        let result = check(h)
        #expect(result.validity == .valid, "\(result.message) \(result.details)")
        #expect(result.message.contains("4 operations on 1 key"))
    }

    @Test func readsSeeingTwoOrdersAreInvalid() {
        // Two readers disagree on the order of two concurrent writes, after both completed.
        var h = HistoryBuilder()
        h.write(0, "k", 1, from: 0.0, to: 1.0)
        h.write(1, "k", 2, from: 0.0, to: 1.0)
        h.read(2, "k", 1, from: 1.1, to: 1.2)
        h.read(3, "k", 2, from: 1.3, to: 1.4)
        h.read(2, "k", 1, from: 1.5, to: 1.6)
        #expect(check(h).validity == .invalid)
    }

    @Test func infoWriteMayTakeEffectLateOrNever() {
        var h = HistoryBuilder()
        h.write(0, "a", 5, from: 1.0, to: 2.0, .info)
        h.read(1, "a", nil, from: 2.5, to: 2.6)
        h.read(1, "a", 5, from: 10.0, to: 10.1)
        h.read(1, "a", 5, from: 20.0, to: 20.1, f: "final-read")
        h.write(2, "b", 7, from: 1.0, to: 2.0, .info)  // never visible
        h.read(3, "b", nil, from: 20.0, to: 20.1, f: "final-read")
        h.op(4, "read", "b", from: 3.0, to: 4.0, .info)  // a read in doubt says nothing
        let result = check(h)
        #expect(result.validity == .valid, "\(result.message)")
    }

    @Test func failedWriteThatBecomesVisibleIsInvalid() {
        var h = HistoryBuilder()
        h.write(0, "k", 1, from: 0.0, to: 0.1)
        h.write(0, "k", 2, from: 0.2, to: 0.3, .fail)
        h.read(1, "k", 2, from: 0.4, to: 0.5)
        let result = check(h)
        #expect(result.validity == .invalid)
        #expect(result.message.contains("no write of 2 to k that did not fail appears"))
    }

    @Test func readOfAbsentKeyAfterCompletedWriteIsInvalid() {
        var h = HistoryBuilder()
        h.write(0, "k", 1, from: 0.0, to: 0.1)
        h.read(1, "k", nil, from: 0.2, to: 0.3)
        let result = check(h)
        #expect(result.validity == .invalid)
        #expect(result.message.contains("returned nothing (absent)"))
        #expect(result.message.hasSuffix("k had been written by write 1 to k which completed at 0.100s (event 1), before the read began at 0.200s (event 2)"))
    }

    @Test func readOfAValueWrittenOnlyLaterIsInvalid() {
        var h = HistoryBuilder()
        h.read(1, "k", 3, from: 0.0, to: 0.1)
        h.write(0, "k", 3, from: 0.2, to: 0.3)
        let result = check(h)
        #expect(result.validity == .invalid)
        #expect(result.message.contains("3 was written only later"))
        #expect(result.details.contains { $0.contains("no operation can come first") })
    }

    @Test func generatedLinearizableHistoriesAreValid() {
        for seed in 1...5 as ClosedRange<UInt64> {
            var generator = RegisterHistoryGenerator(operations: 2_000, keys: 10, clients: 6, seed: seed)
            generator.infoFraction = 0.01
            let history = generator.generate()
            let result = LinearizableChecker().check(CheckContext(history: history))
            #expect(result.validity == .valid, "seed \(seed): \(result.message) \(result.details.prefix(5))")
        }
    }

    @Test func corruptedGeneratedHistoryIsInvalid() throws {
        var history = RegisterHistoryGenerator(operations: 2_000, keys: 10, clients: 6, seed: 9).generate()
        // A read that saw a value nobody wrote.
        let position = try #require(history.lastIndex { $0.type == .ok && $0.f == "read" && $0.key == "k3" })
        history[position].value = .int(-42)
        let result = LinearizableChecker().check(CheckContext(history: history))
        #expect(result.validity == .invalid)
        #expect(result.message.hasPrefix("k3 is not linearizable: read of k3 returned -42"))
        #expect(result.evidence.contains(history[position].index))
    }

    @Test func generatorIsDeterministicPerSeed() {
        let a = RegisterHistoryGenerator(operations: 500, keys: 5, seed: 3).generate()
        let b = RegisterHistoryGenerator(operations: 500, keys: 5, seed: 3).generate()
        let c = RegisterHistoryGenerator(operations: 500, keys: 5, seed: 4).generate()
        #expect(a == b)
        #expect(a != c)
        #expect(a.filter { $0.type == .invoke }.count == 505)  // 500 + one final read per key
        #expect(a.contains { $0.f == "final-read" })
    }

    @Test func timeLimitGivesUnknownNamingUnfinishedKeys() {
        let history = RegisterHistoryGenerator(operations: 1_000, keys: 4, seed: 2).generate()
        let result = LinearizableChecker(timeLimit: .zero).check(CheckContext(history: history))
        #expect(result.validity == .unknown)
        #expect(result.message.contains("time limit 0s reached with 4 of 4 keys not finished (k0, k1, k2, k3)"))
    }

    @Test func hardHistoryHitsTheTimeLimit() {
        // 22 writes in doubt, all concurrent, each value read once in turn, then a read of a
        // value nobody wrote: proving that no order works means trying every subset of the
        // writes that may precede each read.
        var h = HistoryBuilder()
        for value in 1...22 { h.write(value, "k", value, from: 0.0, to: 1.0, .info) }
        for value in 1...22 { h.read(0, "k", value, from: 1.0 + Double(value), to: 1.5 + Double(value)) }
        h.read(0, "k", 999, from: 30, to: 30.1)
        let result = check(h, LinearizableChecker(timeLimit: .milliseconds(20)))
        #expect(result.validity == .unknown)
        #expect(result.message.contains("not finished (k)"))
    }

    @Test func writesInDoubtThatNobodyReadAreLeftOut() {
        // Without pruning, these 30 open writes would make the search try their subsets.
        var h = HistoryBuilder()
        for value in 1...30 { h.write(value, "k", value, from: 0.0, to: 1.0, .info) }
        h.read(0, "k", nil, from: 2, to: 2.1)
        h.read(0, "k", 999, from: 3, to: 3.1)
        let result = check(h, LinearizableChecker(timeLimit: .seconds(5)))
        #expect(result.validity == .invalid)
        #expect(result.details.first == "k: not linearizable (2 operations checked, 30 more left out as unable to matter)")
    }

    @Test func nothingToCheckIsUnknown() {
        #expect(check(HistoryBuilder()).validity == .unknown)
        var h = HistoryBuilder()
        h.write(0, "k", 1, from: 0, to: 1, .fail)
        h.fault("kill", "n1", at: 0.5)
        let result = check(h)
        #expect(result.validity == .unknown)
        #expect(result.message.contains("no register operations"))
    }

    @Test func nonRegisterOperationsAreUnknownNotValid() {
        var h = HistoryBuilder()
        h.op(0, "incr", "c", from: 0, to: 1, output: .int(1))
        h.write(0, "k", 1, from: 2, to: 3)
        let result = check(h)
        #expect(result.validity == .unknown)
        #expect(result.details.contains { $0.contains("c: incr (event 0) is not a register operation") })
    }

    @Test func malformedHistoryIsUnknown() {
        let history = [
            HistoryEvent(index: 0, time: 0, process: 0, type: .ok, f: "read", key: "k", value: .int(1))
        ]
        let result = LinearizableChecker().check(CheckContext(history: history))
        #expect(result.validity == .unknown)
        #expect(result.message.contains("event 0: ok of process 0 without an invocation"))
    }

    @Test func parametersAreReadAndCheckedByName() throws {
        let checker = try LinearizableChecker(parameters: parameters("model: register\ntime-limit: 5s"))
        #expect(checker.timeLimit == .seconds(5))
        #expect(try LinearizableChecker(parameters: parameters("")).timeLimit == .seconds(30))

        let unknown = #expect(throws: SuiteError.self) {
            try LinearizableChecker(parameters: parameters("model: register\ntime-limt: 5s"))
        }
        #expect(unknown?.key == "scenarios[0].checks[0].time-limt")
        #expect(unknown?.suggestion == "did you mean 'time-limit'?")

        let model = #expect(throws: SuiteError.self) {
            try LinearizableChecker(parameters: parameters("model: registr"))
        }
        #expect(model?.message == "'registr' is not one of register")
        #expect(model?.suggestion == "did you mean 'register'?")
        #expect(model?.location.line == 1)

        #expect(throws: SuiteError.self) { try LinearizableChecker(parameters: parameters("time-limit: 0")) }
    }
}
