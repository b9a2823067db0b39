/// `failover`: losing a slot-owning master leads to the promotion of one of its replicas
/// within a bound when a majority of slot-owning masters can still talk to each other (and a
/// replica of it is among them), and to no promotion while no majority exists. At the end, no
/// slot is claimed by two reachable masters, and no node's currentEpoch ever went down.
///
/// A master is lost when it is killed or paused, or cut off from the majority by a partition;
/// the roles are those of the last snapshot before the fault (the topology's before any).
///
/// Suite settings: `expect: auto | promotion | none` (auto: whatever the faults imply;
/// promotion: at least one fault must call for a promotion; none: no replica may ever become
/// a master), `promoted-within: 10s`.
public struct FailoverChecker: Checker {
    public static let name = "failover"

    public enum Expectation: String, Sendable, CaseIterable {
        case auto, promotion, none
    }

    public var expect: Expectation
    public var promotedWithin: Duration

    public init(expect: Expectation = .auto, promotedWithin: Duration = .seconds(10)) {
        self.expect = expect
        self.promotedWithin = promotedWithin
    }

    public init(parameters: Parameters) throws {
        let word = try parameters.choice("expect", among: Expectation.allCases.map(\.rawValue))
        expect = word.flatMap(Expectation.init(rawValue:)) ?? .auto
        promotedWithin = try parameters.duration("promoted-within") ?? .seconds(10)
        try parameters.finish()
    }

    /// Promotions the faults called for, and how many came in time.
    struct PromotionCount {
        var required = 0
        var seen = 0
    }

    public func check(_ context: CheckContext) -> CheckResult {
        timed { judge(context) }
    }

    func judge(_ context: CheckContext) -> CheckResult {
        let observations = context.cluster
        let faults = FaultEvent.all(in: context.history)
        let losses = faults.filter { ["kill", "pause", "partition"].contains($0.f) }
        if observations.snapshots.isEmpty {
            return CheckResult(
                check: Self.name, validity: .unknown,
                message: losses.isEmpty
                    ? "nothing was killed, paused or partitioned, and there are no cluster snapshots"
                    : "no cluster snapshots: promotions after \(CheckText.plural(losses.count, "fault")) cannot be seen")
        }
        let names = NodeNames(observations)
        var findings = Findings()
        var promotions = PromotionCount()
        if expect == .none {
            checkNoPromotion(observations, names: names, into: &findings)
        }
        let incidents = Incident.all(faults: faults, observations: observations, names: names)
        let timeline = FaultTimeline(faults: faults, nodes: names.all)
        for incident in incidents {
            judge(
                incident, timeline: timeline, observations: observations, names: names, into: &findings,
                promotions: &promotions)
        }
        if expect == .promotion && promotions.required == 0 {
            findings.failures.append(
                "expected a promotion, but no fault left a majority of slot-owning masters with a live replica of a lost master"
                    + (losses.isEmpty ? " (no master was killed, paused or cut off)" : ""))
        }
        checkFinalClaims(observations, names: names, into: &findings)
        checkEpochs(observations, names: names, into: &findings)

        return findings.result(
            check: Self.name,
            valid: incidents.isEmpty
                ? "no slot-owning master was lost; final claims and epochs consistent"
                : "\(CheckText.plural(incidents.count, "lost master")): \(promotions.seen) of \(promotions.required) "
                    + "required promotions seen, none without a majority; final claims and epochs consistent")
    }
}
