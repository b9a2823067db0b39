/// What a checker found, sorted by weight: failures make the verdict invalid, open questions
/// make it unknown, notes only explain. The verdict follows Jepsen's order.
struct Findings {
    var failures: [String] = []
    var unknowns: [String] = []
    var notes: [String] = []
    var evidence: [Int] = []

    /// The result: the first failure (else the first open question, else `valid`) as the
    /// message, everything as details.
    func result(check: String, valid: @autoclosure () -> String) -> CheckResult {
        let details = CheckText.capped(failures + unknowns + notes, limit: 60)
        let evidence = evidence.asEvidence()
        if let first = failures.first {
            let more = failures.count > 1 ? " (and \(failures.count - 1) more)" : ""
            return CheckResult(check: check, validity: .invalid, message: first + more, details: details, evidence: evidence)
        }
        if let first = unknowns.first {
            return CheckResult(check: check, validity: .unknown, message: first, details: details, evidence: evidence)
        }
        return CheckResult(check: check, validity: .valid, message: valid(), details: details, evidence: evidence)
    }
}

extension Checker {
    /// Runs `judge` and stamps the result with the seconds it took.
    func timed(_ judge: () -> CheckResult) -> CheckResult {
        let started = ContinuousClock.now
        var result = judge()
        result.time = (ContinuousClock.now - started).seconds
        return result
    }
}
