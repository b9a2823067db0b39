import Testing
@testable import Shakedown

@Suite struct AcknowledgedWritesCheckerTests {
    func check(_ builder: HistoryBuilder, _ checker: AcknowledgedWritesChecker = AcknowledgedWritesChecker()) -> CheckResult {
        checker.check(CheckContext(history: builder.history))
    }

    /// Adds 1...count to `key` (ok unless listed), then a final read of `present`.
    func setHistory(
        key: String = "s", count: Int = 10, info: Set<Int> = [], failed: Set<Int> = [], present: [Int]
    ) -> HistoryBuilder {
        var h = HistoryBuilder()
        for element in 1...count {
            let at = Double(element)
            let outcome: EventType = info.contains(element) ? .info : failed.contains(element) ? .fail : .ok
            h.op(element, "add", key, .int(element), from: at, to: at + 0.5, outcome)
        }
        h.op(0, "final-read", key, from: 100, to: 100.1, output: .ints(present))
        return h
    }

    @Test func lostAcknowledgedAddIsInvalidWithCount() {
        let h = setHistory(present: [1, 2, 3, 5, 6, 7, 8, 9])
        let history = h.history
        let result = check(h)
        #expect(result.validity == .invalid)
        #expect(result.message == "2 of 10 acknowledged writes lost (bound 0)")
        #expect(result.details.contains { $0.hasPrefix("s: lost add 4 (invoked 4.000s, acknowledged 4.500s") })
        #expect(result.details.contains { $0.hasPrefix("s: lost add 10") })
        #expect(result.evidence.contains(history.index(.ok, "add", "s", .int(4))!))
    }

    @Test func allAddsPresentIsValid() {
        let result = check(setHistory(present: Array(1...10)))
        #expect(result.validity == .valid)
        #expect(result.message == "0 of 10 acknowledged writes lost (bound 0)")
    }

    @Test func lossesWithinTheBoundAreValid() throws {
        let h = setHistory(present: [1, 2, 3, 5, 6, 7, 8, 9])
        #expect(check(h, try AcknowledgedWritesChecker(parameters: parameters("max-lost: 2"))).validity == .valid)
        #expect(check(h, try AcknowledgedWritesChecker(parameters: parameters("max-lost: 1"))).validity == .invalid)
        #expect(check(h, try AcknowledgedWritesChecker(parameters: parameters("max-lost-fraction: 0.2"))).validity == .valid)
        let tight = check(h, try AcknowledgedWritesChecker(parameters: parameters("max-lost-fraction: 0.1")))
        #expect(tight.validity == .invalid)
        #expect(tight.message == "2 of 10 acknowledged writes lost (bound 10% = 1)")
        let both = try AcknowledgedWritesChecker(parameters: parameters("max-lost: 5\nmax-lost-fraction: 0.1"))
        #expect(check(h, both).validity == .invalid)
    }

    @Test func addsInDoubtMayGoEitherWay() {
        let result = check(setHistory(info: [4, 5], present: [1, 2, 3, 5, 6, 7, 8, 9, 10]))
        #expect(result.validity == .valid)
        #expect(result.message == "0 of 8 acknowledged writes lost (bound 0)")
        #expect(result.details.contains("s: 2 adds in doubt: 1 present, 1 absent (either is allowed)"))
    }

    @Test func elementsNeverAddedOrFailedAreInvalidWhateverTheBound() throws {
        let checker = try AcknowledgedWritesChecker(parameters: parameters("max-lost: 100"))
        let result = check(setHistory(failed: [3], present: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 77]), checker)
        #expect(result.validity == .invalid)
        #expect(result.message.hasPrefix("2 values present that no write explains"))
        #expect(result.details.contains { $0.hasPrefix("s: 77 in the final read") && $0.hasSuffix("was never added") })
        #expect(result.details.contains { $0.hasPrefix("s: 3 in the final read") && $0.contains("but its add failed") })
    }

    @Test func missingFinalReadIsUnknown() {
        var h = HistoryBuilder()
        h.op(1, "add", "s", .int(1), from: 0, to: 1)
        h.op(0, "final-read", "s", from: 5, to: 6, .info)
        let result = check(h)
        #expect(result.validity == .unknown)
        #expect(result.message == "1 key could not be judged; 0 of 1 acknowledged write lost (bound 0)")
        #expect(result.details.contains { $0.hasPrefix("s: final read did not succeed (info") })
    }

    @Test func registerWriteAfterTheFinalValuesWriteIsLost() {
        var h = HistoryBuilder()
        h.write(0, "r", 1, from: 0.0, to: 0.1)
        h.write(0, "r", 2, from: 0.2, to: 0.3)
        h.write(1, "r", 3, from: 0.25, to: 0.35)  // concurrent with 2: may come before it
        h.write(0, "r", 4, from: 0.4, to: 0.5)  // invoked after 2 completed: lost
        h.read(0, "r", 2, from: 9, to: 9.1, f: "final-read")
        let result = check(h)
        #expect(result.validity == .invalid)
        #expect(result.message == "1 of 4 acknowledged writes lost (bound 0)")
        #expect(result.details.first?.hasPrefix("r: lost write 4 (invoked 0.400s, acknowledged 0.500s") == true)
    }

    @Test func registerFinalValueFromLatestOrDoubtfulWriteIsValid() {
        var h = HistoryBuilder()
        h.write(0, "r", 1, from: 0.0, to: 0.1)
        h.write(0, "r", 2, from: 0.2, to: 0.3)
        h.read(0, "r", 2, from: 9, to: 9.1, f: "final-read")
        h.write(1, "q", 1, from: 0.0, to: 0.1)
        h.write(1, "q", 2, from: 0.2, to: 0.3, .info)  // may land after everything
        h.write(2, "q", 3, from: 0.4, to: 0.5)
        h.read(2, "q", 2, from: 9, to: 9.1, f: "final-read")
        let result = check(h)
        #expect(result.validity == .valid, "\(result.message) \(result.details)")
        #expect(result.message == "0 of 4 acknowledged writes lost (bound 0)")
    }

    @Test func registerAbsentOrUnwrittenFinalValue() {
        var h = HistoryBuilder()
        h.write(0, "r", 1, from: 0.0, to: 0.1)
        h.write(0, "r", 2, from: 0.2, to: 0.3)
        h.read(0, "r", nil, from: 9, to: 9.1, f: "final-read")
        let absent = check(h)
        #expect(absent.validity == .invalid)
        #expect(absent.message == "2 of 2 acknowledged writes lost (bound 0)")

        var g = HistoryBuilder()
        g.write(0, "r", 1, from: 0.0, to: 0.1)
        g.write(0, "r", 5, from: 0.2, to: 0.3, .fail)
        g.read(0, "r", 5, from: 9, to: 9.1, f: "final-read")
        let unwritten = check(g, AcknowledgedWritesChecker(maxLost: 10))
        #expect(unwritten.validity == .invalid)
        #expect(unwritten.details.contains { $0.contains("final value 5") && $0.contains("comes from a write that failed") })
    }

    @Test func counterLostAndDoubleCountedIncrements() {
        var h = HistoryBuilder()
        for n in 1...5 { h.op(n, "incr", "c", from: Double(n), to: Double(n) + 0.5, output: .int(n)) }
        h.op(0, "final-read", "c", from: 20, to: 20.1, output: .int(3))
        let lost = check(h)
        #expect(lost.validity == .invalid)
        #expect(lost.message == "2 of 5 acknowledged writes lost (bound 0)")
        #expect(lost.details.contains { $0.hasPrefix("c: incr (invoked 5.000s") && $0.contains("returned 5, above the final 3") })

        var g = HistoryBuilder()
        for n in 1...3 { g.op(n, "incr", "c", from: Double(n), to: Double(n) + 0.5, output: .int(n)) }
        g.op(4, "incr", "c", from: 4, to: 4.5, .info)
        g.op(0, "final-read", "c", from: 20, to: 20.1, output: .int(4))
        #expect(check(g).validity == .valid)
        g.op(0, "final-read", "c", from: 21, to: 21.1, output: .int(6))  // the last final read counts
        let twice = check(g)
        #expect(twice.validity == .invalid)
        #expect(twice.details.contains { $0.contains("final total 6") && $0.contains("2 counted twice or never made") })
    }

    @Test func keyUsedByTwoWorkloadsIsUnknown() {
        var h = HistoryBuilder()
        h.write(0, "x", 1, from: 0, to: 0.1)
        h.op(0, "incr", "x", from: 0.2, to: 0.3, output: .int(2))
        h.read(0, "x", 2, from: 9, to: 9.1, f: "final-read")
        let result = check(h)
        #expect(result.validity == .unknown)
        #expect(result.details.contains("x mixes incr, write: no single workload to judge it by"))
    }

    @Test func nothingAcknowledgedIsUnknown() {
        #expect(check(HistoryBuilder()).validity == .unknown)
        var h = HistoryBuilder()
        h.op(1, "add", "s", .int(1), from: 0, to: 1, .fail)
        #expect(check(h).validity == .unknown)
    }

    @Test func parameterErrorsNameTheKey() {
        let typo = #expect(throws: SuiteError.self) { try AcknowledgedWritesChecker(parameters: parameters("max-los: 3")) }
        #expect(typo?.key == "scenarios[0].checks[0].max-los")
        #expect(typo?.suggestion == "did you mean 'max-lost'?")
        #expect(throws: SuiteError.self) { try AcknowledgedWritesChecker(parameters: parameters("max-lost-fraction: 1.5")) }
        #expect(throws: SuiteError.self) { try AcknowledgedWritesChecker(parameters: parameters("max-lost: -1")) }
        #expect(throws: SuiteError.self) { try AcknowledgedWritesChecker(parameters: parameters("max-lost: many")) }
    }
}
