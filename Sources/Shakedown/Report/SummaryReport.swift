import Foundation

/// `summary.json`: the run's results for programs (dashboards, bisect scripts, `jq`). Keys are
/// sorted and dates ISO 8601 in UTC, so two runs diff line by line; times are seconds rounded
/// to milliseconds. A check's `validity` is its verdict within its scenario (unknown at best
/// when the scenario has an `error`), as in `junit.xml`.
public struct SummaryReport: Codable, Sendable {
    public var runID: String
    public var target: String
    public var started: Date
    public var time: Double
    public var verdict: Validity
    public var counts: VerdictCounts
    public var scenarios: [Scenario]

    public struct Scenario: Codable, Sendable {
        public var suite: String
        public var name: String
        public var file: String
        /// Folder of `history.jsonl` and `logs/` inside the run's directory.
        public var folder: String?
        public var started: Date
        public var time: Double
        public var verdict: Validity
        public var properties: [Property]
        public var checks: [Check]
        public var error: String?
        public var operations: Int
        public var faults: Int
    }

    public struct Check: Codable, Sendable {
        public var name: String
        public var validity: Validity
        public var message: String
        public var details: [String]
        /// History indexes the checker cites.
        public var evidence: [Int]
        public var time: Double
    }

    public init(_ run: RunResult) {
        runID = run.runID
        target = run.target
        started = run.started
        time = ReportTime.rounded(run.time)
        verdict = run.validity
        counts = VerdictCounts(run)
        scenarios = run.scenarios.map { scenario in
            Scenario(
                suite: scenario.suite, name: scenario.name, file: scenario.file, folder: scenario.folder,
                started: scenario.started, time: ReportTime.rounded(scenario.time), verdict: scenario.validity,
                properties: scenario.properties,
                checks: scenario.checks.map { check in
                    Check(
                        name: check.check, validity: scenario.validity(of: check), message: check.message,
                        details: check.details, evidence: check.evidence, time: ReportTime.rounded(check.time))
                },
                error: scenario.error, operations: scenario.operations, faults: scenario.faults)
        }
    }

    public func encoded() throws -> Data {
        var data = try Self.encoder.encode(self)
        data.append(0x0A)
        return data
    }

    public static func decode(_ data: Data) throws -> SummaryReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(SummaryReport.self, from: data)
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}
