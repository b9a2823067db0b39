import Testing
@testable import Shakedown

@Suite struct FailoverCheckerTests {
    let cluster = ClusterFixture.standard()

    func check(
        _ faults: HistoryBuilder, _ snapshots: [ClusterSnapshot], _ checker: FailoverChecker = FailoverChecker(promotedWithin: .seconds(4))
    ) -> CheckResult {
        checker.check(
            CheckContext(history: faults.history, cluster: ClusterObservations(nodes: cluster.nodes, snapshots: snapshots)))
    }

    var promoted: ClusterFixture {
        var after = cluster
        after.promote("n4", replacing: "n1")
        return after
    }

    @Test func replicaPromotedWithinTheBoundIsValid() {
        var faults = HistoryBuilder()
        faults.fault("kill", "n1", at: 5)
        let result = check(
            faults,
            [
                cluster.snapshot(at: 4), cluster.snapshot(at: 6, down: ["n1"]),
                promoted.snapshot(at: 7.5, down: ["n1"]), promoted.snapshot(at: 10, down: ["n1"]),
            ])
        #expect(result.validity == .valid, "\(result.message) \(result.details)")
        #expect(result.message.hasPrefix("1 lost master: 1 of 1 required promotions seen"))
        #expect(result.details.contains { $0.contains("n4 promoted at 7.500s, 2.500s after kill of n1 at 5.000s") })
    }

    @Test func noPromotionWithinTheBoundIsInvalid() {
        var faults = HistoryBuilder()
        faults.fault("kill", "n1", at: 5.01)
        let down: Set<String> = ["n1"]
        let result = check(
            faults,
            [
                cluster.snapshot(at: 4), cluster.snapshot(at: 6, down: down), cluster.snapshot(at: 8, down: down),
                cluster.snapshot(at: 10, down: down),
            ])
        #expect(result.validity == .invalid)
        #expect(result.message == "no replica of n1 (n4) promoted within 4s after kill of n1 at 5.010s (event 0)")
        #expect(result.evidence == [0])
    }

    @Test func promotionWithoutAMajorityIsInvalid() {
        var faults = HistoryBuilder()
        faults.fault("kill", "n1,n2", at: 3)
        let down: Set<String> = ["n1", "n2"]
        let result = check(
            faults, [cluster.snapshot(at: 2), cluster.snapshot(at: 5, down: down), promoted.snapshot(at: 7.2, down: down)])
        #expect(result.validity == .invalid)
        #expect(
            result.message
                == "n4 promoted at 7.200s without a majority (only 1 of 3 slot-owning masters reachable together "
                + "after kill of n1,n2 at 3.000s (event 0)); it replaced n1")
    }

    @Test func promotionOnceAMajorityIsBackIsValid() {
        var faults = HistoryBuilder()
        faults.fault("kill", "n1,n2", at: 3)
        faults.fault("restart", "n2", "nodes-conf=kept", at: 6)
        let result = check(
            faults,
            [
                cluster.snapshot(at: 2), cluster.snapshot(at: 5, down: ["n1", "n2"]), cluster.snapshot(at: 7, down: ["n1"]),
                promoted.snapshot(at: 8, down: ["n1"]),
            ])
        #expect(result.validity == .valid, "\(result.message) \(result.details)")
        #expect(result.details.contains { $0.contains("n4 promoted at 8.000s, 2.000s after restart of n2") })
    }

    @Test func partitionCuttingAMasterOffCallsForItsReplica() {
        var faults = HistoryBuilder()
        faults.fault("partition", "n1,n2,n3,n4,n5,n6", "isolate [n1] | [n2 n3 n4 n5 n6]", at: 5)
        let snapshots = [
            cluster.snapshot(at: 4), cluster.snapshot(at: 6, down: ["n1"]), promoted.snapshot(at: 7, down: ["n1"]),
        ]
        let result = check(faults, snapshots, FailoverChecker(expect: .promotion, promotedWithin: .seconds(4)))
        #expect(result.validity == .valid, "\(result.message) \(result.details)")

        let late = check(faults, [cluster.snapshot(at: 4), cluster.snapshot(at: 6, down: ["n1"]), cluster.snapshot(at: 9.5, down: ["n1"])])
        #expect(late.validity == .invalid)
        #expect(late.message.hasPrefix("no replica of n1 (n4) promoted within 4s after partition"))
    }

    @Test func masterCutOffWithItsReplicaNeedsNoPromotionButExpectPromotionSaysSo() {
        var faults = HistoryBuilder()
        faults.fault("partition", "n1,n2,n3,n4,n5,n6", "halves [n1 n4] | [n2 n3 n5 n6]", at: 5)
        let snapshots = [cluster.snapshot(at: 4), cluster.snapshot(at: 6, down: ["n1", "n4"]), cluster.snapshot(at: 12, down: ["n1", "n4"])]
        #expect(check(faults, snapshots).validity == .valid)
        let expecting = check(faults, snapshots, FailoverChecker(expect: .promotion))
        #expect(expecting.validity == .invalid)
        #expect(expecting.message.hasPrefix("expected a promotion, but no fault left a majority"))
    }

    @Test func shortPauseNeedsNoPromotion() {
        var faults = HistoryBuilder()
        faults.fault("pause", "n2", at: 5)
        faults.fault("resume", "n2", at: 6)
        let result = check(faults, [cluster.snapshot(at: 4), cluster.snapshot(at: 5.5, down: ["n2"]), cluster.snapshot(at: 12)])
        #expect(result.validity == .valid)
        #expect(result.details.contains { $0.contains("conditions for a failover ended at 6.000s") })
    }

    @Test func expectNoneRejectsAnyPromotion() {
        var faults = HistoryBuilder()
        faults.fault("kill", "n1", at: 5)
        let result = check(
            faults, [cluster.snapshot(at: 4), promoted.snapshot(at: 7, down: ["n1"])], FailoverChecker(expect: .none))
        #expect(result.validity == .invalid)
        #expect(result.message == "n4 promoted at 7.000s (claims slots 0-5460) although no promotion was expected")
        let quiet = check(faults, [cluster.snapshot(at: 4), cluster.snapshot(at: 20, down: ["n1"])], FailoverChecker(expect: .none))
        #expect(quiet.validity == .valid)
    }

    @Test func twoMastersClaimingOneSlotAtTheEndIsInvalid() {
        let final = promoted.snapshot(at: 9) { view in
            guard view.node == "n1", let me = view.entries.firstIndex(where: { $0.flags.contains("myself") }) else { return }
            view.entries[me].flags = ["myself", "master"]
            view.entries[me].master = nil
            view.entries[me].slots = [0...5460]
        }
        let result = check(HistoryBuilder(), [cluster.snapshot(at: 1), final])
        #expect(result.validity == .invalid)
        #expect(result.message == "at the end (9.000s) n1 and n4 both claim slots 0-5460 as master (5,461 slots)")
    }

    @Test func epochGoingDownIsInvalid() {
        let lower = cluster.snapshot(at: 2) { view in
            if view.node == "n2" { view.currentEpoch = 3 }
        }
        let result = check(HistoryBuilder(), [cluster.snapshot(at: 1), lower, cluster.snapshot(at: 3)])
        #expect(result.validity == .invalid)
        #expect(result.message == "n2 (id 22222222) currentEpoch went down from 5 at 1.000s to 3 at 2.000s")
    }

    @Test func quietRunIsValidOnlyWithSnapshots() {
        #expect(check(HistoryBuilder(), [cluster.snapshot(at: 1), cluster.snapshot(at: 2)]).validity == .valid)
        let nothing = check(HistoryBuilder(), [])
        #expect(nothing.validity == .unknown)
        var faults = HistoryBuilder()
        faults.fault("kill", "n1", at: 1)
        #expect(check(faults, []).validity == .unknown)
    }

    @Test func settingsAreCheckedByName() throws {
        let checker = try FailoverChecker(parameters: parameters("expect: none\npromoted-within: 4s"))
        #expect(checker.expect == .none && checker.promotedWithin == .seconds(4))
        let typo = #expect(throws: SuiteError.self) { try FailoverChecker(parameters: parameters("expect: promotoin")) }
        #expect(typo?.suggestion == "did you mean 'promotion'?")
        let unknown = #expect(throws: SuiteError.self) { try FailoverChecker(parameters: parameters("promote-within: 4s")) }
        #expect(unknown?.key == "scenarios[0].checks[0].promote-within")
    }
}
