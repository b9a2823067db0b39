import Capture
import Foundation

/// A replay judged as checks, so that `--junit` and the `replay` scenario kind report it
/// through the same JUnit writer as every suite: a test case per replayed connection (its
/// divergences as a failure with their diffs, a connection that could not be replayed as an
/// error), and one for the bound on divergences.
public struct ReplayVerdict: Sendable {
    public var report: ReplayReport
    /// More divergences than this fail the run; nil: any divergence fails.
    public var maxDivergences: Int

    public init(report: ReplayReport, maxDivergences: Int = 0) {
        self.report = report
        self.maxDivergences = maxDivergences
    }

    public var validity: Validity { Validity.combine(checks.map(\.validity)) }

    public var checks: [CheckResult] {
        var checks = [boundCheck]
        let byConnection = Dictionary(grouping: report.divergences, by: \.connection)
        for connection in report.connections {
            checks.append(check(for: connection, divergences: byConnection[connection.connection] ?? []))
        }
        return checks
    }

    private var boundCheck: CheckResult {
        let count = report.divergenceCount
        let counted = "\(count) divergence\(count == 1 ? "" : "s") in \(report.repliesCompared) compared replies (bound \(maxDivergences))"
        var details = [counted, "\(report.repliesIgnored) replies not compared (nondeterministic or ignored)"]
        details += report.problems.map { "problem: \($0)" }
        if count > maxDivergences {
            details += report.divergences.map(ReplayDiff.render)
            if report.divergences.count < count { details.append("(\(count - report.divergences.count) more not kept)") }
            return CheckResult(check: "divergences", validity: .invalid, message: counted, details: details)
        }
        return CheckResult(check: "divergences", validity: .valid, message: counted, details: details)
    }

    private func check(for connection: ReplayConnectionReport, divergences: [ReplayDivergence]) -> CheckResult {
        let name = "\(connection.connection) \(connection.client) → \(connection.server)"
            + (connection.protocol.map { " (\($0))" } ?? "")
        let summary = "\(connection.requestsSent) requests sent, \(connection.repliesCompared) replies compared"
            + (connection.target.map { ", replayed to \($0)" } ?? "")
        if let failure = connection.failure {
            return CheckResult(check: name, validity: .unknown, message: "not replayed to the end: \(failure)", details: [summary, failure])
        }
        if connection.divergences > 0 {
            var details = [summary] + divergences.map(ReplayDiff.render)
            if divergences.count < connection.divergences {
                details.append("(\(connection.divergences - divergences.count) more not kept)")
            }
            return CheckResult(
                check: name, validity: maxDivergences >= report.divergenceCount ? .valid : .invalid,
                message: "\(connection.divergences) divergence\(connection.divergences == 1 ? "" : "s")", details: details)
        }
        return CheckResult(check: name, validity: .valid, message: summary)
    }

    /// The whole replay as a one-scenario run for `JUnitReport`.
    public func runResult(capture: String, target: String, started: Date, properties: [Property]) -> RunResult {
        let scenario = ScenarioResult(
            suite: "replay", name: (capture as NSString).lastPathComponent, file: capture, started: started, time: report.seconds,
            properties: properties, checks: checks, operations: report.requestsSent)
        return RunResult(runID: "replay", target: target, started: started, time: report.seconds, scenarios: [scenario])
    }
}
