import Foundation

@testable import Shakedown

/// A run with every verdict, a scenario error, repeated names and hostile text, for the report
/// tests.
enum ReportFixtures {
    /// 2026-11-27T02:30:00Z
    static let started = Date(timeIntervalSince1970: 1_795_746_600)

    /// NUL, BEL, ESC sequences, U+FFFE/U+FFFF, a CDATA terminator, markup characters, line
    /// breaks, and bytes of a lone surrogate (decoded to U+FFFD).
    static let hostile =
        "NUL\u{0}BEL\u{7} \u{1B}[31mred\u{1B}[0m ]]> <tag a=\"1\" b='2'>&amp; \u{FFFE}\u{FFFF}"
        + String(decoding: [0xED, 0xA0, 0x80] as [UInt8], as: UTF8.self) + "\nsecond line\r\nthird"

    static let runID = "20261127-023000-00ab"

    static func run() -> RunResult {
        let kill = ScenarioResult(
            suite: "redis-failover", name: "kill-one-master", file: "Suites/redis/failover.yaml",
            started: started.addingTimeInterval(1), time: 21.2996,
            properties: [
                Property("seed", "42"), Property("target", "swift"),
                Property("topology", "masters: 3, replicas-per-master: 1"),
                Property("fault-schedule", "at 5s kill {role: master, count: 1}\nat 15s restart killed"),
            ],
            checks: [
                CheckResult(check: "slot-coverage", validity: .valid, message: "all 16384 slots covered", time: 0.0123456),
                CheckResult(
                    check: "failover", validity: .invalid, message: "no promotion: " + hostile,
                    details: ["master n1 killed at 5.0s", hostile], evidence: [3, 17, 18], time: 0.5),
                CheckResult(
                    check: "linearizable", validity: .unknown, message: "search hit the 30s time limit", time: 30.0004),
                CheckResult(check: "failover", validity: .valid, message: "epochs only grew", time: 0.25),
            ],
            operations: 8123, faults: 2, folder: "kill-one-master")
        let noMajority = ScenarioResult(
            suite: "redis-failover", name: "no-majority", file: "Suites/redis/failover.yaml",
            started: started.addingTimeInterval(30), time: 9.1,
            properties: [Property("seed", "42")],
            checks: [
                CheckResult(check: "failover", validity: .valid, message: "no promotion"),
                CheckResult(check: "slot-coverage", validity: .invalid, message: "slots 0-5460 uncovered"),
            ],
            error: "system never became ready:\n\u{1B}[1mport 7001 closed\u{0}", operations: 3000, faults: 1,
            folder: "no-majority")
        // The same scenario again: its classname must not collide with the first.
        let neverReady = ScenarioResult(
            suite: "redis-failover", name: "kill-one-master", file: "Suites/redis/failover.yaml",
            started: started.addingTimeInterval(40), time: 30, properties: [], checks: [],
            error: "redis-server exited with status 1 before readiness", folder: "kill-one-master-2")
        let broker = ScenarioResult(
            suite: "broker <&>", name: hostile, file: "Suites/broker/permissions.yaml",
            started: started.addingTimeInterval(70), time: 1.5, properties: [Property("", "unnamed")],
            checks: [CheckResult(check: "", validity: .valid, message: "")], operations: 12)
        return RunResult(
            runID: runID, target: "swift", started: started, time: 71.25, scenarios: [kill, noMajority, neverReady, broker])
    }

    /// One scenario, one check of the given verdict.
    static func run(_ validity: Validity, error: String? = nil) -> RunResult {
        let scenario = ScenarioResult(
            suite: "s", name: "one", file: "s.yaml", started: started, time: 1, properties: [],
            checks: [CheckResult(check: "c", validity: validity, message: "m")], error: error)
        return RunResult(runID: runID, target: "swift", started: started, time: 1, scenarios: [scenario])
    }
}

/// A temporary directory removed when the value goes away.
final class TemporaryDirectory {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("shakedown-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}
