import Foundation

/// The outcome of one `shakedown run`: what `junit.xml` and `summary.json` are written from.
public struct RunResult: Codable, Sendable {
    public var runID: String
    /// `swift` or `redis-server` (and later the broker's and mesh's targets).
    public var target: String
    public var started: Date
    /// Seconds the whole run took.
    public var time: Double
    public var scenarios: [ScenarioResult]

    public init(runID: String, target: String, started: Date, time: Double, scenarios: [ScenarioResult]) {
        self.runID = runID
        self.target = target
        self.started = started
        self.time = time
        self.scenarios = scenarios
    }

    public var validity: Validity { Validity.combine(scenarios.map(\.validity)) }
}

/// One scenario: a JUnit test suite whose test cases are its checks.
public struct ScenarioResult: Codable, Sendable {
    /// The suite's `name`.
    public var suite: String
    public var name: String
    /// The suite file, as given on the command line.
    public var file: String
    public var started: Date
    /// Seconds the scenario took, from starting the system to the last check.
    public var time: Double
    /// Seed, target, topology, fault schedule... in the order a reader wants them.
    public var properties: [Property]
    public var checks: [CheckResult]
    /// Why the scenario could not run or finish (the system never became ready, a process
    /// could not start); its checks are then `unknown`.
    public var error: String?
    public var operations: Int
    public var faults: Int
    /// The scenario's folder inside the run's report directory (`history.jsonl`, `logs/`), as
    /// `ReportDirectory.scenarioFolder` named it; nil when nothing was written for it.
    public var folder: String?

    public init(
        suite: String, name: String, file: String, started: Date, time: Double, properties: [Property],
        checks: [CheckResult], error: String? = nil, operations: Int = 0, faults: Int = 0, folder: String? = nil
    ) {
        self.suite = suite
        self.name = name
        self.file = file
        self.started = started
        self.time = time
        self.properties = properties
        self.checks = checks
        self.error = error
        self.operations = operations
        self.faults = faults
        self.folder = folder
    }

    public var validity: Validity {
        error == nil ? Validity.combine(checks.map(\.validity)) : max(.unknown, Validity.combine(checks.map(\.validity)))
    }
}

public struct Property: Codable, Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
