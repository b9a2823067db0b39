/// `slot-coverage`: all 16384 slots are owned by reachable masters, every reachable node agrees
/// on each slot's owner and reports `cluster_state:ok` — within a bound after the last fault
/// that heals or restarts (after the last fault when none does, from the first snapshot when
/// there were no faults), and still in the final snapshot.
///
/// Suite settings: `within: 10s`.
public struct SlotCoverageChecker: Checker {
    public static let name = "slot-coverage"

    public var within: Duration

    public init(within: Duration = .seconds(10)) {
        self.within = within
    }

    public init(parameters: Parameters) throws {
        within = try parameters.duration("within") ?? .seconds(10)
        try parameters.finish()
    }

    public func check(_ context: CheckContext) -> CheckResult {
        timed { judge(context) }
    }

    func judge(_ context: CheckContext) -> CheckResult {
        let snapshots = context.cluster.snapshots
        guard let first = snapshots.first, let final = snapshots.last else {
            return CheckResult(check: Self.name, validity: .unknown, message: "no cluster snapshots to judge")
        }
        let names = NodeNames(context.cluster)
        let faults = FaultEvent.all(in: context.history)
        let reference = faults.last(where: \.isRecovery) ?? faults.last
        let from = reference?.time ?? first.time
        let since = reference.map { "after \($0.text)" } ?? "from the first snapshot at \(CheckText.seconds(first.time))"
        let deadline = from + within.nanoseconds
        let evidence = reference.map { [$0.index] } ?? []

        // The bound: the first snapshot from the reference on that shows full coverage.
        var lastInWindow: (ClusterSnapshot, [String])?
        var coveredAt: Int64?
        for snapshot in snapshots where snapshot.time >= from {
            let problems = SlotCoverage(snapshot: snapshot, names: names).problems
            if problems.isEmpty {
                coveredAt = snapshot.time
                break
            }
            if snapshot.time <= deadline { lastInWindow = (snapshot, problems) } else { break }
        }
        let finalProblems = SlotCoverage(snapshot: final, names: names).problems
        var details: [String] = []
        var failures: [String] = []
        if coveredAt.map({ $0 > deadline }) ?? true, let (snapshot, problems) = lastInWindow {
            failures.append(
                "not covered within \(CheckText.duration(within)) \(since): at \(CheckText.seconds(snapshot.time)) "
                    + problems[0])
            details += ["at \(CheckText.seconds(snapshot.time)), the last snapshot within the bound:"]
                + CheckText.capped(problems, limit: 30).map { "  " + $0 }
        }
        if !finalProblems.isEmpty, lastInWindow?.0.time == final.time, coveredAt == nil {
            failures[failures.count - 1] += " (the final snapshot)"
        } else if !finalProblems.isEmpty {
            failures.append("final snapshot at \(CheckText.seconds(final.time)): \(finalProblems[0])")
            details += ["final snapshot at \(CheckText.seconds(final.time)):"]
                + CheckText.capped(finalProblems, limit: 30).map { "  " + $0 }
        }
        if !failures.isEmpty {
            return CheckResult(
                check: Self.name, validity: .invalid, message: "slots " + failures.joined(separator: "; "),
                details: details, evidence: evidence)
        }
        guard let coveredAt, coveredAt <= deadline else {
            return CheckResult(
                check: Self.name, validity: .unknown,
                message: "no snapshot within \(CheckText.duration(within)) \(since); covered in the final snapshot at "
                    + CheckText.seconds(final.time),
                evidence: evidence)
        }
        return CheckResult(
            check: Self.name, validity: .valid,
            message: "all 16384 slots covered and agreed at \(CheckText.seconds(coveredAt)), "
                + "\(CheckText.seconds(coveredAt - from)) \(since), and in the final snapshot",
            evidence: evidence)
    }
}

/// What is wrong with slot ownership in one snapshot, one line per kind of fault and slot range.
struct SlotCoverage {
    let problems: [String]

    init(snapshot: ClusterSnapshot, names: NodeNames) {
        let views = snapshot.views.filter(\.reachable)
        guard !views.isEmpty else {
            problems = ["no node answered"]
            return
        }
        var problems: [String] = []
        for view in views where view.state != "ok" {
            problems.append("\(view.node) reports cluster_state \(view.state ?? "unknown")")
        }
        // Owners as indexes into `ids`; -1 is no owner.
        var ids: [String] = []
        var idIndex: [String: Int32] = [:]
        func index(of id: String) -> Int32 {
            if let index = idIndex[id] { return index }
            idIndex[id] = Int32(ids.count)
            ids.append(id)
            return Int32(ids.count - 1)
        }
        let reachableMasters = Set(views.compactMap { view in view.myself?.isMaster == true ? view.id ?? view.myself?.id : nil })
        let width = views.count
        var owners = [Int32](repeating: -1, count: width * SlotSet.slotCount)
        for (column, view) in views.enumerated() {
            for entry in view.entries where entry.isMaster {
                let owner = index(of: entry.id)
                // Through SlotSet, which ignores slots outside 0...16383 that a bad reply might list.
                for range in SlotSet(ranges: entry.slots).ranges {
                    for slot in range { owners[slot * width + column] = owner }
                }
            }
        }
        let ownerIsReachableMaster = ids.map(reachableMasters.contains)
        // Slots with the same wrong picture share one line.
        var rangesBySignature: [[Int32]: [ClosedRange<Int>]] = [:]
        var order: [[Int32]] = []
        for slot in 0..<SlotSet.slotCount {
            let row = owners[(slot * width)..<((slot + 1) * width)]
            let owner = row.first!
            if owner >= 0 && row.allSatisfy({ $0 == owner }) && ownerIsReachableMaster[Int(owner)] { continue }
            let signature = Array(row)
            if var ranges = rangesBySignature[signature] {
                if ranges[ranges.count - 1].upperBound == slot - 1 {
                    ranges[ranges.count - 1] = ranges[ranges.count - 1].lowerBound...slot
                } else {
                    ranges.append(slot...slot)
                }
                rangesBySignature[signature] = ranges
            } else {
                rangesBySignature[signature] = [slot...slot]
                order.append(signature)
            }
        }
        func label(_ owner: Int32) -> String {
            guard owner >= 0 else { return "no owner" }
            let id = ids[Int(owner)]
            return names.label(ofID: id) + (reachableMasters.contains(id) ? "" : " (not a reachable master)")
        }
        for signature in order {
            let ranges = rangesBySignature[signature]!
            let slots = "\(SlotSet.text(ranges)) (\(CheckText.plural(ranges.reduce(0) { $0 + $1.count }, "slot")))"
            let distinct = Array(Set(signature)).sorted()
            if distinct.count == 1 {
                let owner = distinct[0]
                problems.append(
                    owner < 0 ? "\(slots) unassigned in every view" : "\(slots) owned by \(label(owner)) in every view")
            } else {
                let sides = distinct.map { owner in
                    let viewers = signature.indices.filter { signature[$0] == owner }.map { views[$0].node }
                    return "\(viewers.joined(separator: ",")) \(viewers.count == 1 ? "says" : "say") \(label(owner))"
                }
                problems.append("\(slots) disputed: \(sides.joined(separator: "; "))")
            }
        }
        self.problems = problems
    }
}
