import Testing
@testable import Shakedown

@Suite struct SlotCoverageCheckerTests {
    let cluster = ClusterFixture.standard()

    func check(
        _ snapshots: [ClusterSnapshot], faults: HistoryBuilder = HistoryBuilder(), within: Duration = .seconds(5)
    ) -> CheckResult {
        SlotCoverageChecker(within: within).check(
            CheckContext(history: faults.history, cluster: ClusterObservations(nodes: cluster.nodes, snapshots: snapshots)))
    }

    /// Slots the given node no longer lists in any view.
    func dropping(_ range: ClosedRange<Int>, from node: String) -> (inout NodeView) -> Void {
        let id = cluster.ids[node]!
        return { view in
            for index in view.entries.indices where view.entries[index].id == id {
                view.entries[index].slots = SlotSet(ranges: view.entries[index].slots)
                    .subtracting(SlotSet(ranges: [range])).ranges
            }
        }
    }

    @Test func coveredWithinTheBoundAfterHealIsValid() {
        var faults = HistoryBuilder()
        faults.fault("partition", "n1,n4", "isolate [n1 n4]", at: 2)
        faults.fault("heal", "n1,n2,n3,n4,n5,n6", at: 5)
        let result = check(
            [
                cluster.snapshot(at: 1),
                cluster.snapshot(at: 3, state: "fail"),
                cluster.snapshot(at: 5.5, state: "fail"),
                cluster.snapshot(at: 6.25),
                cluster.snapshot(at: 12),
            ], faults: faults)
        #expect(result.validity == .valid, "\(result.message)")
        #expect(result.message.contains("agreed at 6.250s, 1.250s after heal of n1,n2,n3,n4,n5,n6 at 5.000s (event 1)"))
        #expect(result.evidence == [1])
    }

    @Test func slotsOfADeadMasterUncoveredPastTheBoundAreInvalidWithRanges() {
        var faults = HistoryBuilder()
        faults.fault("kill", "n1", at: 1)
        faults.fault("restart", "n1", "nodes-conf=kept", at: 2)
        let down: Set<String> = ["n1"]
        let result = check(
            [
                cluster.snapshot(at: 0.5),
                cluster.snapshot(at: 3, down: down),
                cluster.snapshot(at: 5, down: down),
                cluster.snapshot(at: 7, down: down),
                cluster.snapshot(at: 13),
            ], faults: faults)
        #expect(result.validity == .invalid)
        #expect(
            result.message
                == "slots not covered within 5s after restart of n1 (nodes-conf=kept) at 2.000s (event 1): at 7.000s "
                + "0-5460 (5,461 slots) owned by n1 (not a reachable master) in every view")
        #expect(result.details.first == "at 7.000s, the last snapshot within the bound:")
    }

    @Test func coverageLostAgainInTheFinalSnapshotIsInvalid() {
        let result = check([cluster.snapshot(at: 1), cluster.snapshot(at: 9, change: dropping(16000...16383, from: "n3"))])
        #expect(result.validity == .invalid)
        #expect(result.message == "slots final snapshot at 9.000s: 16000-16383 (384 slots) unassigned in every view")
    }

    @Test func aMasterKilledForGoodLeavesItsSlotsUncoveredOnceReported() {
        var faults = HistoryBuilder()
        faults.fault("kill", "n2", at: 3)  // no recovery: the bound runs from the kill
        let result = check([cluster.snapshot(at: 2), cluster.snapshot(at: 5, down: ["n2"])], faults: faults)
        #expect(result.validity == .invalid)
        #expect(
            result.message
                == "slots not covered within 5s after kill of n2 at 3.000s (event 0): at 5.000s 5461-10921 (5,461 slots) "
                + "owned by n2 (not a reachable master) in every view (the final snapshot)")
    }

    @Test func disputedOwnersAndUnhealthyStateAreNamed() {
        let n3 = cluster.ids["n3"]!
        let final = cluster.snapshot(at: 4) { view in
            guard view.node == "n2" else { return }
            view.state = "fail"
            // n2 believes n3 took slots 0-100 from n1.
            for index in view.entries.indices {
                if view.entries[index].id == n3 { view.entries[index].slots.append(0...100) }
            }
        }
        let result = check([final])
        #expect(result.validity == .invalid)
        #expect(result.details.contains("  n2 reports cluster_state fail"))
        #expect(result.details.contains("  0-100 (101 slots) disputed: n1,n3,n4,n5,n6 say n1; n2 says n3"))
    }

    @Test func noFaultsMeansFromTheFirstSnapshot() {
        let result = check([cluster.snapshot(at: 1), cluster.snapshot(at: 2)])
        #expect(result.validity == .valid)
        #expect(result.message.contains("from the first snapshot at 1.000s"))
    }

    @Test func noSnapshotWithinTheBoundIsUnknown() {
        var faults = HistoryBuilder()
        faults.fault("heal", "n1", at: 2)
        let result = check([cluster.snapshot(at: 1), cluster.snapshot(at: 30)], faults: faults)
        #expect(result.validity == .unknown)
        #expect(result.message.hasPrefix("no snapshot within 5s after heal of n1"))
    }

    @Test func slotsOutsideTheRangeAreIgnoredNotFatal() {
        let odd = cluster.snapshot(at: 1) { view in
            view.entries[0].slots += [20000...20001, -5...(-1)]
        }
        #expect(check([odd]).validity == .valid)
    }

    @Test func noSnapshotsIsUnknown() {
        #expect(check([]).validity == .unknown)
    }

    @Test func unknownSettingIsAnError() throws {
        #expect(try SlotCoverageChecker(parameters: parameters("within: 3s")).within == .seconds(3))
        let error = #expect(throws: SuiteError.self) { try SlotCoverageChecker(parameters: parameters("witin: 3s")) }
        #expect(error?.key == "scenarios[0].checks[0].witin")
        #expect(error?.suggestion == "did you mean 'within'?")
        #expect(throws: SuiteError.self) { try SlotCoverageChecker(parameters: parameters("within: soon")) }
    }
}
