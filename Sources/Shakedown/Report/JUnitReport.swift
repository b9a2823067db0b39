import Foundation

/// `junit.xml`: `testsuites` > a `testsuite` per scenario > a `testcase` per check, written for
/// strict readers — the Ant schema Jenkins validates against (Fixtures/junit/junit.xsd is ours,
/// with what we add), GitLab (which reads `system-out` only under a testcase and shows
/// `classname` as the suite), and GitHub's reporters.
///
/// What consumers trip on and this guarantees: counts on every element computed from the
/// children written; times as plain decimals with at most three decimals; timestamps without a
/// zone; nothing XML 1.0 forbids; `]]>` never raw; one-line `message` attributes; unique
/// classname/name pairs (GitLab keeps only the first of duplicates).
///
/// Verdicts: invalid is a `<failure type="invalid">`; unknown is an `<error type="unknown">`
/// (JUnit has no "unknown": an error fails CI without claiming the property was violated). A
/// scenario `error` turns every check that is not invalid into such an error carrying it, and
/// adds it as the testcase's `system-err`; a scenario that failed before any check still gets
/// one testcase, so that CI cannot read it as zero tests and pass.
public struct JUnitReport: Sendable {
    public var run: RunResult
    /// The run's report directory as paths in the report should read (`Reports/<run-id>`), for
    /// pointers to each scenario's `history.jsonl`; nil leaves them out.
    public var reportPath: String?
    public var hostname: String

    public init(run: RunResult, reportPath: String? = nil, hostname: String = JUnitReport.localHostname()) {
        self.run = run
        self.reportPath = reportPath
        self.hostname = hostname
    }

    public func render() -> String {
        let suites = makeSuites()
        let cases = suites.flatMap(\.cases)
        var out = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        out += open("testsuites", [
            ("name", "shakedown"), ("tests", "\(cases.count)"), ("failures", "\(cases.count(where: \.isFailure))"),
            ("errors", "\(cases.count(where: \.isError))"), ("skipped", "0"), ("time", ReportTime.seconds(run.time)),
            ("timestamp", ReportTime.timestamp(run.started)),
        ])
        for suite in suites { out += render(suite) }
        out += "</testsuites>\n"
        return out
    }

    // MARK: Model

    struct TestCase {
        enum Outcome {
            case passed
            case failure(message: String, body: String)
            case error(message: String, body: String)
        }

        var name: String
        var classname: String
        var time: Double
        var file: String
        var outcome: Outcome
        var systemOut: String?
        var systemErr: String?

        var isFailure: Bool { if case .failure = outcome { true } else { false } }
        var isError: Bool { if case .error = outcome { true } else { false } }
    }

    struct TestSuite {
        /// Position in the run, from 0 (the Ant schema's `id`).
        var id: Int
        var name: String
        var package: String
        var time: Double
        var started: Date
        var properties: [Property]
        var cases: [TestCase]
        var systemOut: String
        var systemErr: String
    }

    func makeSuites() -> [TestSuite] {
        var classnames = Set<String>()
        return run.scenarios.enumerated().map { id, scenario in
            let suiteName = Self.name(scenario.suite, or: "suite")
            // Scenario names repeat across suites, or within one run of the same suite twice.
            let baseName = Self.name(scenario.name, or: "scenario")
            var scenarioName = baseName
            var ordinal = 1
            while !classnames.insert("\(suiteName).\(scenarioName)").inserted {
                ordinal += 1
                scenarioName = "\(baseName) #\(ordinal)"
            }
            let classname = "\(suiteName).\(scenarioName)"
            let historyPath = scenario.folder.flatMap { folder in reportPath.map { "\($0)/\(folder)/history.jsonl" } }

            var names = Set<String>()
            var cases = scenario.checks.map { check in
                let base = Self.name(check.check, or: "check")
                var name = base
                var ordinal = 1
                while !names.insert(name).inserted {
                    ordinal += 1
                    name = "\(base) #\(ordinal)"
                }
                return testCase(check, named: name, classname: classname, in: scenario, history: historyPath)
            }
            if cases.isEmpty, let error = scenario.error {
                cases.append(TestCase(
                    name: "run", classname: classname, time: scenario.time, file: scenario.file,
                    outcome: .error(message: PlainText.oneLine(error), body: error),
                    systemOut: historyPath.map(Self.attachment), systemErr: error))
            }

            var systemOut: [String] = []
            if let reportPath, let folder = scenario.folder {
                systemOut += ["history: \(reportPath)/\(folder)/history.jsonl", "logs: \(reportPath)/\(folder)/logs/"]
            }
            systemOut.append("operations: \(scenario.operations), faults: \(scenario.faults)")
            return TestSuite(
                id: id, name: "\(suiteName)/\(scenarioName)", package: suiteName, time: scenario.time, started: scenario.started,
                properties: scenario.properties + [Property("suite-file", scenario.file)], cases: cases,
                systemOut: systemOut.joined(separator: "\n"), systemErr: scenario.error ?? "")
        }
    }

    private func testCase(
        _ check: CheckResult, named name: String, classname: String, in scenario: ScenarioResult, history: String?
    ) -> TestCase {
        let detail = check.details.isEmpty ? check.message : check.details.joined(separator: "\n")
        let outcome: TestCase.Outcome
        if check.validity == .invalid {
            outcome = .failure(message: Self.message(check.message, or: "invalid"), body: detail)
        } else if let error = scenario.error {
            outcome = .error(message: Self.message(error, or: "unknown"), body: [error, detail].joined(separator: "\n"))
        } else if check.validity == .unknown {
            outcome = .error(message: Self.message(check.message, or: "unknown"), body: detail)
        } else {
            outcome = .passed
        }

        var out: [String] = []
        if !check.evidence.isEmpty { out.append("evidence: history events \(Self.list(check.evidence))") }
        if let history, scenario.validity(of: check) != .valid { out.append(Self.attachment(history)) }
        return TestCase(
            name: name, classname: classname, time: check.time, file: scenario.file, outcome: outcome,
            systemOut: out.isEmpty ? nil : out.joined(separator: "\n"), systemErr: scenario.error)
    }

    /// `[[ATTACHMENT|path]]` is the Jenkins JUnit Attachments plugin's convention; the plain
    /// line before it is for people.
    static func attachment(_ path: String) -> String { "history: \(path)\n[[ATTACHMENT|\(path)]]" }

    /// Up to 50 indexes; a checker citing thousands would drown the report.
    static func list(_ evidence: [Int]) -> String {
        let shown = evidence.prefix(50).map(String.init).joined(separator: ", ")
        return evidence.count > 50 ? "\(shown) and \(evidence.count - 50) more" : shown
    }

    static func name(_ text: String, or fallback: String) -> String {
        let line = PlainText.oneLine(text, limit: 200)
        return line.isEmpty ? fallback : line
    }

    static func message(_ text: String, or fallback: String) -> String {
        let line = PlainText.oneLine(text)
        return line.isEmpty ? fallback : line
    }

    // MARK: Rendering

    private func render(_ suite: TestSuite) -> String {
        var out = open("testsuite", [
            ("name", suite.name), ("tests", "\(suite.cases.count)"),
            ("failures", "\(suite.cases.count(where: \.isFailure))"), ("errors", "\(suite.cases.count(where: \.isError))"),
            ("skipped", "0"), ("time", ReportTime.seconds(suite.time)), ("timestamp", ReportTime.timestamp(suite.started)),
            ("hostname", hostname), ("id", "\(suite.id)"), ("package", suite.package),
        ], level: 1)
        out += open("properties", [], level: 2)
        for property in suite.properties {
            out += leaf("property", [("name", Self.name(property.name, or: "property")), ("value", property.value)], level: 3)
        }
        out += close("properties", level: 2)
        for test in suite.cases { out += render(test) }
        out += textElement("system-out", suite.systemOut, level: 2)
        out += textElement("system-err", suite.systemErr, level: 2)
        out += close("testsuite", level: 1)
        return out
    }

    private func render(_ test: TestCase) -> String {
        let attributes = [("name", test.name), ("classname", test.classname), ("time", ReportTime.seconds(test.time)), ("file", test.file)]
        if case .passed = test.outcome, test.systemOut == nil, test.systemErr == nil {
            return leaf("testcase", attributes, level: 2)
        }
        var out = open("testcase", attributes, level: 2)
        switch test.outcome {
        case .passed: break
        case .failure(let message, let body):
            out += textElement("failure", body, [("message", message), ("type", "invalid")], level: 3)
        case .error(let message, let body):
            out += textElement("error", body, [("message", message), ("type", "unknown")], level: 3)
        }
        if let systemOut = test.systemOut { out += textElement("system-out", systemOut, level: 3) }
        if let systemErr = test.systemErr { out += textElement("system-err", systemErr, level: 3) }
        out += close("testcase", level: 2)
        return out
    }

    private func open(_ name: String, _ attributes: [(String, String)], level: Int = 0) -> String {
        indent(level) + "<\(name)\(Self.attributes(attributes))>\n"
    }

    private func close(_ name: String, level: Int) -> String { indent(level) + "</\(name)>\n" }

    private func leaf(_ name: String, _ attributes: [(String, String)], level: Int) -> String {
        indent(level) + "<\(name)\(Self.attributes(attributes))/>\n"
    }

    private func textElement(_ name: String, _ text: String, _ attributes: [(String, String)] = [], level: Int) -> String {
        indent(level) + "<\(name)\(Self.attributes(attributes))>\(XMLText.text(text))</\(name)>\n"
    }

    private static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(XMLText.attribute($0.1))\"" }.joined()
    }

    private func indent(_ level: Int) -> String { String(repeating: "  ", count: level) }

    /// The machine's name, or `localhost` as the Ant schema asks when it cannot be had.
    public static func localHostname() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let raw = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name(raw, or: "localhost")
    }
}
