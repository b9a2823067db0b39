import Foundation
import Testing

/// The acceptance test of the harness: the project's Redis suites, run as a user runs them,
/// against our nodes and against redis-server, give the same verdicts — all valid — and
/// write a junit.xml that a strict JUnit schema accepts.
@Suite(.serialized) struct SuitesAgainstBothTargetsTests {
    struct Summary: Decodable {
        struct Scenario: Decodable {
            var suite: String
            var name: String
            var verdict: String
        }

        var verdict: String
        var scenarios: [Scenario]
    }

    @Test func redisSuitesGiveTheSameVerdictsForBothTargets() async throws {
        _ = try ExternalTool.locate("redis-server")
        let reports = try TemporaryDirectory("reports")
        var verdicts: [String: [String: String]] = [:]
        for target in ["swift", "redis-server"] {
            let root = reports.url.appendingPathComponent(target).path
            let (status, output) = try await ShakedownCLI.run(["run", "Suites/redis", "--target", target, "--report-dir", root])
            let run = URL(fileURLWithPath: root).appendingPathComponent("latest")
            guard let data = FileManager.default.contents(atPath: run.appendingPathComponent("summary.json").path) else {
                Issue.record("no summary.json from --target \(target) (exit \(status)):\n\(output)")
                continue
            }
            let summary = try JSONDecoder().decode(Summary.self, from: data)
            verdicts[target] = Dictionary(uniqueKeysWithValues: summary.scenarios.map { ("\($0.suite)/\($0.name)", $0.verdict) })
            #expect(status == 0, "shakedown run --target \(target) exited \(status):\n\(output)")
            #expect(summary.verdict == "valid", "\(target):\n\(output)")
            try JUnitSchema.validate(run.appendingPathComponent("junit.xml"))
        }
        #expect(verdicts["swift"] == verdicts["redis-server"])
        #expect(verdicts["swift"]?.count ?? 0 >= 10)
    }
}

/// xmllint against the committed JUnit schema (Fixtures/junit).
enum JUnitSchema {
    static func validate(_ file: URL) throws {
        let schema = try FileManager.default.contentsOfDirectory(
            at: PackagePaths.root.appendingPathComponent("Fixtures/junit"), includingPropertiesForKeys: nil
        ).first { $0.pathExtension == "xsd" }
        guard let schema else { throw ServerProcess.Failure(description: "no JUnit schema in Fixtures/junit") }
        let (status, output) = try ExternalTool.run("xmllint", ["--noout", "--schema", schema.path, file.path])
        #expect(status == 0, "xmllint rejects \(file.path):\n\(output)")
    }
}
