import Testing
@testable import Shakedown

@Suite struct StaleNodeCheckerTests {
    let cluster = ClusterFixture.standard()
    let newID = String(repeating: "f", count: 40)

    var promoted: ClusterFixture {
        var after = cluster
        after.promote("n4", replacing: "n1")
        return after
    }

    func faults(_ detail: String) -> HistoryBuilder {
        var faults = HistoryBuilder()
        faults.fault("kill", "n1", at: 2)
        faults.fault("restart", "n1", detail, at: 4)
        return faults
    }

    func check(_ faults: HistoryBuilder, _ snapshots: [ClusterSnapshot], _ checker: StaleNodeChecker = StaleNodeChecker())
        -> CheckResult
    {
        checker.check(
            CheckContext(history: faults.history, cluster: ClusterObservations(nodes: cluster.nodes, snapshots: snapshots)))
    }

    /// n1 back from a stale RDB without nodes.conf: a new id, alone, claiming its old slots.
    func standingAlone(_ view: inout NodeView, id: String? = nil) {
        guard view.node == "n1" else { return }
        let id = id ?? newID
        view.id = id
        view.knownNodes = 1
        view.entries = [
            ClusterNodesEntry(
                id: id, address: "127.0.0.1:7001@17001", flags: ["myself", "master"], master: nil, configEpoch: 0,
                linkState: "connected", slots: [0...5460])
        ]
    }

    var before: [ClusterSnapshot] { [cluster.snapshot(at: 1), promoted.snapshot(at: 3, down: ["n1"])] }

    @Test func staleNodeStandingAloneIsValid() {
        let after = promoted.snapshot(at: 5) { standingAlone(&$0) }
        let result = check(faults("stale-rdb nodes-conf=missing"), before + [after, promoted.snapshot(at: 6) { standingAlone(&$0) }])
        #expect(result.validity == .valid, "\(result.message) \(result.details)")
        #expect(result.message == "1 stale restart seen for what they are")
        #expect(result.details.contains { $0.hasPrefix("n1: new id ffffffff, claims 0-5460, alone, not accepted") })
    }

    @Test func staleNodeAcceptedByAnotherNodeIsInvalid() {
        let after = promoted.snapshot(at: 5) { view in
            standingAlone(&view)
            if view.node == "n2" {
                view.entries.append(
                    ClusterNodesEntry(
                        id: newID, address: "127.0.0.1:7001@17001", flags: ["master"], master: nil, configEpoch: 0,
                        linkState: "connected", slots: []))
            }
        }
        let result = check(faults("stale-rdb nodes-conf=missing"), before + [after])
        #expect(result.validity == .invalid)
        #expect(
            result.message
                == "n1 (restarted without nodes.conf at 4.000s): n2 accepted it (lists its new id ffffffff) at 5.000s")
        #expect(result.evidence == [1])
    }

    @Test func staleViewTakenByOthersIsInvalid() {
        let n4 = promoted.ids["n4"]!
        let after = promoted.snapshot(at: 5) { view in
            standingAlone(&view)
            guard view.node == "n3" else { return }
            // n3 hands n1's stale slots to the stale node.
            for index in view.entries.indices where view.entries[index].id == n4 { view.entries[index].slots = [] }
            view.entries.append(
                ClusterNodesEntry(
                    id: newID, address: "127.0.0.1:7001@17001", flags: ["master"], master: nil, configEpoch: 9,
                    linkState: "connected", slots: [0...5460]))
        }
        let result = check(faults("stale-rdb nodes-conf=missing"), before + [after])
        #expect(result.validity == .invalid)
        #expect(result.details.contains { $0.contains("in n3's view slots 0-5460 it claims have no other owner") })
    }

    @Test func staleNodeThatKeptItsIdOrRejoinedIsInvalid() {
        let sameID = promoted.snapshot(at: 5) { standingAlone(&$0, id: cluster.ids["n1"]!) }
        let kept = check(faults("stale-rdb nodes-conf=missing"), before + [sameID])
        #expect(kept.validity == .invalid)
        #expect(kept.message.contains("kept its id 11111111 instead of starting as a new node"))

        let rejoined = promoted.snapshot(at: 5) { view in
            standingAlone(&view)
            if view.node == "n1" { view.knownNodes = 6 }
        }
        let result = check(faults("stale-rdb nodes-conf=missing"), before + [rejoined])
        #expect(result.validity == .invalid)
        #expect(result.message.contains("knows 6 nodes: it rejoined the cluster"))
    }

    @Test func nodeWithNodesConfEndingAsReplicaIsValid() {
        let result = check(faults("stale-rdb nodes-conf=kept"), before + [promoted.snapshot(at: 6)])
        #expect(result.validity == .valid, "\(result.message) \(result.details)")
        #expect(result.details.contains { $0.hasPrefix("n1: kept id 11111111, ended a replica; n4 (configEpoch 4 > 1) kept 0-5460") })
    }

    @Test func nodeWithNodesConfGivenBackFailedOverSlotsIsInvalid() {
        let regained = promoted.snapshot(at: 6) { view in
            guard view.node == "n1", let me = view.entries.firstIndex(where: { $0.flags.contains("myself") }) else { return }
            view.entries[me].flags = ["myself", "master"]
            view.entries[me].master = nil
            view.entries[me].slots = [0...5460]
        }
        let result = check(faults("stale-rdb nodes-conf=kept"), before + [regained])
        #expect(result.validity == .invalid)
        #expect(
            result.message
                == "n1 claims slots 0-5460 again at 6.000s after restart of n1 (stale-rdb nodes-conf=kept) at 4.000s (event 1), "
                + "though n4 (configEpoch 4 > 1) took them over")
    }

    @Test func settingOverridesTheEventDetail() throws {
        // The event says nothing about nodes.conf; the suite says it was kept.
        let checker = try StaleNodeChecker(parameters: parameters("nodes-conf: kept"))
        let result = check(faults("stale-rdb"), before + [promoted.snapshot(at: 6)], checker)
        #expect(result.validity == .valid)
        #expect(check(faults("stale-rdb"), before + [promoted.snapshot(at: 6)]).validity == .invalid)  // read as missing
    }

    @Test func withoutAStaleRestartOrASightingItIsUnknown() {
        #expect(check(faults("nodes-conf=kept"), before).validity == .unknown)
        let unseen = check(faults("stale-rdb nodes-conf=missing"), before + [promoted.snapshot(at: 6, down: ["n1"])])
        #expect(unseen.validity == .unknown)
        #expect(unseen.message == "n1 never answered after restart of n1 (stale-rdb nodes-conf=missing) at 4.000s (event 1)")
        #expect(check(faults("stale-rdb"), []).validity == .unknown)
    }

    @Test func settingsAreCheckedByName() {
        let error = #expect(throws: SuiteError.self) { try StaleNodeChecker(parameters: parameters("nodes-conf: lost")) }
        #expect(error?.message == "'lost' is not one of missing, kept")
        let unknown = #expect(throws: SuiteError.self) { try StaleNodeChecker(parameters: parameters("nodesconf: kept")) }
        #expect(unknown?.suggestion == "did you mean 'nodes-conf'?")
    }
}
