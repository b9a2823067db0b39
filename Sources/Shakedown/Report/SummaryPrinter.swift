import Foundation

/// The one-screen summary at the end of a run: a line per scenario (verdict, name, time,
/// operations, faults), under each scenario that is not valid its error and the messages of
/// its checks that did not pass, and a last line with the counts and where the report is.
///
/// ```
/// VALID    redis-failover/kill-one-master         21.3s   8123 ops  2 faults
/// INVALID  redis-failover/no-majority             9.1s   3000 ops  1 fault
///          failover: n4 promoted without a majority of masters
/// INVALID: 2 scenarios (1 valid, 1 invalid), 5 checks (4 valid, 1 invalid) in 30.4s; report: Reports/20261127-023000-3fa9
/// ```
public struct SummaryPrinter: Sendable {
    /// Verdicts in colour; only for a terminal that wants them (`Terminal.wantsColour`).
    public var colours: Bool

    public init(colours: Bool) {
        self.colours = colours
    }

    /// Colours decided by what `fd` is and by NO_COLOR.
    public init(output fd: Int32) {
        self.init(colours: Terminal.wantsColour(fd))
    }

    public func render(_ run: RunResult, reportPath: String) -> String {
        let names = run.scenarios.map { PlainText.oneLine("\($0.suite)/\($0.name)", limit: 40) }
        let width = names.map(\.count).max() ?? 0
        var lines: [String] = []
        for (scenario, name) in zip(run.scenarios, names) {
            let time = ReportTime.human(scenario.time)
            lines.append(
                verdict(scenario.validity, width: 7) + "  " + pad(name, width) + "  " + leftPad(time, 7) + "  "
                    + leftPad(String(scenario.operations), 7) + " ops  " + plural(scenario.faults, "fault"))
            guard scenario.validity != .valid else { continue }
            if let error = scenario.error { lines.append(indent + "error: " + PlainText.oneLine(error, limit: 300)) }
            for check in scenario.checks where check.validity != .valid {
                let message = PlainText.oneLine(check.message, limit: 300)
                let label = PlainText.oneLine(check.check, limit: 60)
                lines.append(indent + label + (message.isEmpty ? " (\(check.validity.rawValue))" : ": " + message))
            }
        }
        lines.append(finalLine(run, reportPath: reportPath))
        return lines.joined(separator: "\n") + "\n"
    }

    public func print(_ run: RunResult, reportPath: String, to output: FileHandle) {
        try? output.write(contentsOf: Data(render(run, reportPath: reportPath).utf8))
    }

    /// What `shakedown run` exits with for this run.
    public static func exitStatus(_ run: RunResult) -> ExitStatus { ExitStatus(run) }

    private func finalLine(_ run: RunResult, reportPath: String) -> String {
        let counts = VerdictCounts(run)
        return verdict(run.validity) + ": " + tally(counts.scenarios, "scenario") + ", " + tally(counts.checks, "check")
            + " in \(ReportTime.human(run.time)); report: \(reportPath)"
    }

    /// "3 scenarios (1 valid, 1 invalid, 1 unknown)", naming only the verdicts that occur.
    private func tally(_ tally: VerdictCounts.Tally, _ noun: String) -> String {
        let parts = [(tally.valid, "valid"), (tally.invalid, "invalid"), (tally.unknown, "unknown")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return plural(tally.total, noun) + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
    }

    private func verdict(_ validity: Validity, width: Int = 0) -> String {
        let word = validity.rawValue.uppercased()
        let padded = pad(word, width)
        guard colours else { return padded }
        let code = switch validity {
        case .valid: "32"
        case .invalid: "1;31"
        case .unknown: "33"
        }
        // Padding outside the escape codes, so columns line up.
        return Terminal.colour(word, code) + String(repeating: " ", count: padded.count - word.count)
    }

    private var indent: String { String(repeating: " ", count: 9) }

    private func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
    private func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.count))
    }
    private func leftPad(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
