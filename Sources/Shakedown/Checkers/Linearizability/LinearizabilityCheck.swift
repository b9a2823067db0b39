import Foundation

/// Checks a whole history against a model, key by key (P-compositionality: a history is
/// linearizable when each key's sub-history is), within one time limit for all keys.
struct LinearizabilityCheck<Model: LinearizabilityModel> {
    typealias Operation = CheckedOperation<Model.Input, Model.Output>

    let model: Model
    let timeLimit: Duration

    /// A key's operations, or why the model cannot check them.
    struct KeyOperations {
        var key: String
        var operations: [Operation] = []
        /// Operations the model left out as unable to change the verdict.
        var pruned = 0
        var unsupported: String?
    }

    func run(_ history: [HistoryEvent], check name: String) -> CheckResult {
        let paired: [HistoryOperation]
        do {
            paired = try HistoryOperations.pair(history)
        } catch {
            return CheckResult(check: name, validity: .unknown, message: error.description, evidence: [error.index])
        }
        let keys = partition(paired)
        let total = keys.reduce(0) { $0 + $1.operations.count + $1.pruned }
        guard total > 0 else {
            return CheckResult(
                check: name, validity: .unknown,
                message: "no \(Model.name) operations to check"
                    + (keys.isEmpty ? "" : " (\(CheckText.plural(keys.count, "key")) had only failed or unreadable ones)"))
        }

        let deadline = ContinuousClock.now + timeLimit
        var invalid: [(key: String, lines: [String], evidence: [Int], headline: String)] = []
        var unfinished: [String] = []
        var unsupported: [String] = []
        var gaveUp: [String] = []
        var timedOut = false
        for key in keys {
            if let reason = key.unsupported {
                unsupported.append("\(key.key): \(reason)")
                continue
            }
            if timedOut {
                unfinished.append(key.key)
                continue
            }
            let search = LinearizabilitySearch(model: model, operations: key.operations)
            switch search.run(deadline: deadline) {
            case .linearizable:
                break
            case .notLinearizable(let prefix, let state, let blocked, let candidates):
                invalid.append(
                    describe(key: key, prefix: prefix, state: state, blocked: blocked, candidates: candidates))
            case .gaveUp(let reason):
                if ContinuousClock.now >= deadline {
                    timedOut = true
                    unfinished.append(key.key)
                } else {
                    gaveUp.append("\(key.key): \(reason)")
                }
            }
        }

        var details: [String] = []
        var evidence: [Int] = []
        for finding in invalid {
            details += finding.lines
            evidence += finding.evidence
        }
        if !unfinished.isEmpty {
            details.append(
                "time limit \(CheckText.duration(timeLimit)) reached; not finished: \(CheckText.names(unfinished, limit: 50))")
        }
        details += gaveUp.map { "not finished: \($0)" } + unsupported.map { "not checked: \($0)" }
        let checkedKeys = keys.count - unsupported.count
        let summary = "\(CheckText.plural(total, "operation")) on \(CheckText.plural(keys.count, "key"))"

        if let first = invalid.first {
            let message =
                invalid.count == 1
                ? "\(first.key) is not linearizable: \(first.headline)"
                : "\(invalid.count) of \(CheckText.plural(checkedKeys, "key")) not linearizable "
                    + "(\(CheckText.names(invalid.map(\.key)))); \(first.key): \(first.headline)"
            return CheckResult(
                check: name, validity: .invalid, message: message, details: details, evidence: evidence.asEvidence())
        }
        if !unfinished.isEmpty || !gaveUp.isEmpty || !unsupported.isEmpty {
            var reasons: [String] = []
            if !unfinished.isEmpty {
                reasons.append(
                    "time limit \(CheckText.duration(timeLimit)) reached with \(unfinished.count) of "
                        + "\(CheckText.plural(checkedKeys, "key")) not finished (\(CheckText.names(unfinished)))")
            }
            if !gaveUp.isEmpty { reasons.append("search abandoned on \(CheckText.plural(gaveUp.count, "key"))") }
            if !unsupported.isEmpty {
                reasons.append("\(CheckText.plural(unsupported.count, "key")) not \(Model.name) histories")
            }
            return CheckResult(
                check: name, validity: .unknown, message: reasons.joined(separator: "; ") + " (\(summary))",
                details: details)
        }
        return CheckResult(
            check: name, validity: .valid, message: "\(summary), all linearizable as a \(Model.name)", details: details)
    }

    /// Operations per key, in history order; failed operations never happened and are dropped.
    func partition(_ operations: [HistoryOperation]) -> [KeyOperations] {
        var byKey: [String: KeyOperations] = [:]
        for operation in operations where !operation.isFailed {
            guard let key = operation.key else { continue }
            // Modified in place: copying a key's operations per append would be quadratic.
            switch model.classify(operation) {
            case .check(let input, let output):
                byKey[key, default: KeyOperations(key: key)].operations.append(
                    CheckedOperation(input: input, output: output, source: operation))
            case .skip:
                if byKey[key] == nil { byKey[key] = KeyOperations(key: key) }
            case .unsupported(let reason):
                if byKey[key]?.unsupported == nil { byKey[key, default: KeyOperations(key: key)].unsupported = reason }
            }
        }
        for key in byKey.keys {
            let before = byKey[key]!.operations.count
            byKey[key]!.operations = model.prune(byKey[key]!.operations)
            byKey[key]!.pruned = before - byKey[key]!.operations.count
        }
        return byKey.values.sorted { $0.key.compare($1.key, options: .numeric) == .orderedAscending }
    }

    /// The finding for one key: the longest linearizable prefix, the operation that could not
    /// follow it, and the model's reason.
    func describe(key: KeyOperations, prefix: [Int], state: Model.State, blocked: Int, candidates: [Int])
        -> (key: String, lines: [String], evidence: [Int], headline: String)
    {
        let operations = key.operations
        let blockedOperation = operations[blocked]
        let prefixOperations = prefix.map { operations[$0] }
        let explanation = model.explain(
            blocked: blockedOperation, state: state, prefix: prefixOperations, all: operations)
        var headline = "\(model.describe(blockedOperation)) \(blockedOperation.whenText)"
        if let reason = explanation.reason { headline += ", but \(reason)" }

        let leftOut = key.pruned > 0 ? ", \(key.pruned) more left out as unable to matter" : ""
        var lines = ["\(key.key): not linearizable (\(CheckText.plural(operations.count, "operation")) checked\(leftOut))"]
        if let last = prefixOperations.last {
            lines.append(
                "  longest linearizable prefix: \(prefix.count) of \(operations.count) operations, ending with "
                    + "\(model.describe(last)) \(last.whenText); the model then held \(model.describe(state: state))")
        } else {
            lines.append(
                "  no operation can come first; the model held its initial state \(model.describe(state: state))")
        }
        lines.append("  could not place: \(headline)")
        lines += explanation.lines.map { "  " + $0 }
        let others = candidates.filter { $0 != blocked }.map { operations[$0] }
        if !others.isEmpty {
            let shown = others.prefix(4).map { "\(model.describe($0)) \($0.whenText)" }
            lines.append(
                "  none of the other open operations fits either: \(shown.joined(separator: "; "))"
                    + (others.count > 4 ? " and \(others.count - 4) more" : ""))
        }
        let evidence = blockedOperation.source.events + (prefixOperations.last?.source.events ?? []) + explanation.evidence
        return (key.key, lines, evidence, headline)
    }
}
