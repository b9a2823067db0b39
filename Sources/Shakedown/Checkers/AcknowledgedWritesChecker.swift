/// `acknowledged-writes`: every write the system acknowledged is still there at the end, as
/// the workload's final reads see it (or the losses stay within the bound the suite states).
///
/// Each key is judged by the workload that used it: set keys (`add` + `final-read` of the
/// elements), register keys (`write` + `final-read` of the value), counter keys (`incr` +
/// `final-read` of the total). Values that were never written are invalid whatever the bound.
///
/// Suite settings: `max-lost: N` (default 0) and/or `max-lost-fraction: 0.0...1.0`; with both,
/// both must hold.
public struct AcknowledgedWritesChecker: Checker {
    public static let name = "acknowledged-writes"

    public var maxLost: Int?
    public var maxLostFraction: Double?

    public init(maxLost: Int? = nil, maxLostFraction: Double? = nil) {
        self.maxLost = maxLost
        self.maxLostFraction = maxLostFraction
    }

    public init(parameters: Parameters) throws {
        maxLost = try parameters.int("max-lost")
        if let maxLost, maxLost < 0 { throw parameters.error("max-lost", "must be 0 or more") }
        maxLostFraction = try parameters.double("max-lost-fraction", in: 0...1)
        try parameters.finish()
    }

    /// What one key contributed.
    struct KeyFindings {
        var acknowledged = 0
        var lost = 0
        /// Lines about lost writes, with times and events.
        var lostLines: [String] = []
        /// Values present that no write can explain.
        var unexpected: [String] = []
        /// Why the key could not be judged.
        var unknown: String?
        var evidence: [Int] = []
        var notes: [String] = []
    }

    public func check(_ context: CheckContext) -> CheckResult {
        timed { judge(context.history) }
    }

    func judge(_ history: [HistoryEvent]) -> CheckResult {
        let operations: [HistoryOperation]
        do {
            operations = try HistoryOperations.pair(history)
        } catch {
            return CheckResult(check: Self.name, validity: .unknown, message: error.description, evidence: [error.index])
        }
        var byKey: [String: [HistoryOperation]] = [:]
        var keyOrder: [String] = []
        for operation in operations {
            guard let key = operation.key else { continue }
            if byKey[key] == nil { keyOrder.append(key) }
            byKey[key, default: []].append(operation)
        }
        var findings: [(key: String, findings: KeyFindings)] = []
        for key in keyOrder {
            let ops = byKey[key]!
            let kinds = Set(ops.map(\.f)).subtracting(["final-read", "read"])
            let finding: KeyFindings
            switch kinds {
            case ["add"]: finding = SetKey(key: key, operations: ops).judge()
            case ["write"]: finding = RegisterKey(key: key, operations: ops).judge()
            case ["incr"]: finding = CounterKey(key: key, operations: ops).judge()
            case []: continue
            default:
                var mixed = KeyFindings()
                mixed.unknown = "\(key) mixes \(kinds.sorted().joined(separator: ", ")): no single workload to judge it by"
                finding = mixed
            }
            findings.append((key, finding))
        }

        let acknowledged = findings.reduce(0) { $0 + $1.findings.acknowledged }
        let lost = findings.reduce(0) { $0 + $1.findings.lost }
        let unexpected = findings.flatMap(\.findings.unexpected)
        let unknown = findings.compactMap(\.findings.unknown)
        var details = CheckText.capped(findings.flatMap(\.findings.lostLines), limit: 100)
        details += CheckText.capped(unexpected, limit: 50)
        details += unknown + findings.flatMap(\.findings.notes)
        let evidence = findings.flatMap(\.findings.evidence).asEvidence()

        guard acknowledged > 0 || !unexpected.isEmpty || !unknown.isEmpty else {
            return CheckResult(
                check: Self.name, validity: .unknown, message: "no acknowledged writes to check", details: details)
        }
        let bound = boundText(acknowledged: acknowledged)
        let lostText =
            "\(CheckText.count(lost)) of \(CheckText.plural(acknowledged, "acknowledged write")) lost (\(bound))"
        if !unexpected.isEmpty {
            return CheckResult(
                check: Self.name, validity: .invalid,
                message: "\(CheckText.plural(unexpected.count, "value")) present that no write explains; \(lostText)",
                details: details, evidence: evidence)
        }
        if !withinBound(lost: lost, acknowledged: acknowledged) {
            return CheckResult(check: Self.name, validity: .invalid, message: lostText, details: details, evidence: evidence)
        }
        if !unknown.isEmpty {
            return CheckResult(
                check: Self.name, validity: .unknown,
                message: "\(CheckText.plural(unknown.count, "key")) could not be judged; \(lostText)", details: details,
                evidence: evidence)
        }
        return CheckResult(check: Self.name, validity: .valid, message: lostText, details: details, evidence: evidence)
    }

    func withinBound(lost: Int, acknowledged: Int) -> Bool {
        let count = maxLost ?? (maxLostFraction == nil ? 0 : Int.max)
        let fraction = maxLostFraction ?? 1
        return lost <= count && Double(lost) <= fraction * Double(acknowledged)
    }

    func boundText(acknowledged: Int) -> String {
        var parts: [String] = []
        if let maxLost { parts.append(CheckText.count(maxLost)) }
        if let maxLostFraction {
            parts.append(
                "\(CheckText.percent(maxLostFraction)) = \(CheckText.count(Int((maxLostFraction * Double(acknowledged)).rounded(.down))))")
        }
        return parts.isEmpty ? "bound 0" : "bound " + parts.joined(separator: " and ")
    }
}

extension HistoryOperation {
    /// "(invoked 2.100s, acknowledged 2.203s, events 40→44)".
    var spanText: String {
        let invoked = "invoked \(CheckText.seconds(invokeTime))"
        guard let completionTime, let outcome else { return "(\(invoked), never completed, \(eventText))" }
        let ended = outcome == .ok ? "acknowledged" : outcome == .info ? "in doubt" : "failed"
        return "(\(invoked), \(ended) \(CheckText.seconds(completionTime)), \(eventText))"
    }
}

/// The last successful `final-read` of a key. Without one, a key that had acknowledged writes
/// cannot be judged: `findings` says why.
func finalRead(
    of operations: [HistoryOperation], key: String, acknowledged: Int, noun: String,
    into findings: inout AcknowledgedWritesChecker.KeyFindings
) -> HistoryOperation? {
    if let read = operations.last(where: { $0.f == "final-read" && $0.isOK }) { return read }
    guard acknowledged > 0 else { return nil }
    let after = "after \(CheckText.plural(acknowledged, noun))"
    if let attempt = operations.last(where: { $0.f == "final-read" }) {
        findings.unknown =
            "\(key): final read did not succeed (\(attempt.outcome?.rawValue ?? "never completed"), \(attempt.eventText)) \(after)"
    } else {
        findings.unknown = "\(key): no final read \(after)"
    }
    return nil
}
