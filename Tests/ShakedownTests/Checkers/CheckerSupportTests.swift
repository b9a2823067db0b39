import Testing
@testable import Shakedown

@Suite struct CheckerSupportTests {
    @Test func slotSetRangesAndText() {
        var slots = SlotSet(ranges: [0...5, 10...10, 16383...16383])
        #expect(slots.ranges == [0...5, 10...10, 16383...16383])
        #expect(slots.description == "0-5,10,16383")
        #expect(slots.count == 8)
        slots = slots.subtracting(SlotSet(ranges: [3...10]))
        #expect(slots.description == "0-2,16383")
        #expect(SlotSet.all.count == 16384 && SlotSet().description == "none")
        #expect(SlotSet(ranges: [0...100]).intersects(SlotSet(ranges: [100...200])))
    }

    @Test func partitionGroupsFromTheDetail() {
        let names = ["n1", "n2", "n3", "n4", "n5", "n6"]
        func event(_ detail: String, nodes: String = "n1,n2,n3,n4,n5,n6") -> FaultEvent {
            FaultEvent(HistoryEvent(time: 0, process: -1, type: .info, f: "partition", value: .text(detail), node: nodes))
        }
        #expect(event("halves [n1 n4] | [n2 n3 n5 n6]").partitionGroups(known: names) == [["n1", "n4"], ["n2", "n3", "n5", "n6"]])
        #expect(event("isolate [n3]").partitionGroups(known: names) == [["n3"], ["n1", "n2", "n4", "n5", "n6"]])
        #expect(event("", nodes: "n2").partitionGroups(known: names) == [["n2"], ["n1", "n3", "n4", "n5", "n6"]])
    }

    @Test func pairingRejectsOverlappingOperationsOfOneProcess() {
        let history = [
            HistoryEvent(index: 0, time: 0, process: 1, type: .invoke, f: "write", key: "k", value: .int(1)),
            HistoryEvent(index: 1, time: 1, process: 1, type: .invoke, f: "read", key: "k"),
        ]
        #expect(throws: MalformedHistory.self) { try HistoryOperations.pair(history) }
        let pending = try? HistoryOperations.pair(Array(history.prefix(1)))
        #expect(pending?.first?.outcome == nil && pending?.first?.isIndeterminate == true)
    }

    @Test func textHelpers() {
        #expect(CheckText.seconds(3_402_000_000) == "3.402s")
        #expect(CheckText.seconds(5_000_400) == "0.005s")
        #expect(CheckText.count(1204) == "1,204" && CheckText.count(12) == "12" && CheckText.count(1_000_000) == "1,000,000")
        #expect(CheckText.percent(0.1) == "10%" && CheckText.percent(0.005) == "0.5%" && CheckText.percent(0.0125) == "1.25%")
        #expect(CheckText.capped(["a", "b", "c"], limit: 2) == ["a", "b", "… and 1 more"])
    }
}
