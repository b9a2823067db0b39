import Foundation

/// A whole `shakedown run`: every selected scenario of every suite, one after another (each
/// owns the machine while it runs: timing faults are the point), then the reports.
public enum SuiteRun {
    /// The scenarios `filter` selects ("suite/scenario" contains it), in file order.
    public static func selected(_ suites: [Suite], filter: String?) -> [(suite: Suite, scenario: Scenario)] {
        suites.flatMap { suite in
            suite.scenarios.map { (suite, $0) }
        }.filter { pair in
            guard let filter else { return true }
            return "\(pair.0.name)/\(pair.1.name)".contains(filter)
        }
    }

    public static func run(
        _ suites: [Suite], options: RunOptions, progress: ProgressLine?, log: (@Sendable (String) -> Void)? = nil
    ) async throws -> (result: RunResult, report: ReportDirectory) {
        let reportDirectory = try ReportDirectory(root: options.reportRoot)
        let started = Date()
        let clock = ContinuousClock.now
        var results: [ScenarioResult] = []
        for (suite, scenario) in selected(suites, filter: options.filter) {
            let folder = try reportDirectory.scenarioFolder(for: "\(suite.name)-\(scenario.name)")
            var report: (@Sendable (ScenarioProgress) -> Void)?
            if let progress {
                report = { update in
                    progress.update(
                        scenario: update.scenario, elapsed: update.elapsed, opsPerSecond: update.operationsPerSecond,
                        faults: update.faults)
                }
            }
            let runner = ScenarioRunner(
                scenario: scenario, suite: suite, options: options,
                directory: URL(fileURLWithPath: "\(reportDirectory.path)/\(folder)", isDirectory: true), progress: report)
            var result = await runner.run()
            result.folder = folder
            progress?.finish()
            log?("\(result.validity.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(suite.name)/\(scenario.name) (\(String(format: "%.1f", result.time)) s)")
            results.append(result)
        }
        let run = RunResult(
            runID: reportDirectory.runID, target: options.target.kind.rawValue, started: started,
            time: (ContinuousClock.now - clock).seconds, scenarios: results)
        try reportDirectory.write(run)
        return (run, reportDirectory)
    }
}
