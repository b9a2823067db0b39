import Foundation
import Testing

@testable import Shakedown

/// `junit.xml` validated by libxml2's `xmllint` against Fixtures/junit/junit.xsd (the Ant JUnit
/// schema with our extensions), and the schema shown to reject what strict consumers reject.
@Suite(.enabled(if: Xmllint.path != nil, "xmllint is not installed: apt-get install libxml2-utils (Scripts/setup.sh does)"))
struct JUnitSchemaTests {
    static let schema = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/junit/junit.xsd").path

    static let xml = JUnitReport(
        run: ReportFixtures.run(), reportPath: "Reports/\(ReportFixtures.runID)", hostname: "ci-host"
    ).render()

    @Test func hostileRunValidates() throws {
        let result = try Xmllint.validate(Self.xml, schema: Self.schema)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("validates"))
    }

    @Test func everySingleVerdictValidates() throws {
        let runs = [
            ReportFixtures.run(.valid), ReportFixtures.run(.invalid), ReportFixtures.run(.unknown),
            ReportFixtures.run(.valid, error: "never ready"),
            RunResult(runID: "r", target: "swift", started: ReportFixtures.started, time: 0, scenarios: []),
        ]
        for run in runs {
            let result = try Xmllint.validate(JUnitReport(run: run).render(), schema: Self.schema)
            #expect(result.status == 0, "\(result.output)")
        }
    }

    /// The schema is only worth something if it catches what consumers choke on.
    @Test(arguments: [
        ("timestamp=\"2026-11-27T02:30:00\"", "timestamp=\"2026-11-27T02:30:00Z\""),
        ("time=\"71.25\"", "time=\"71,25\""),
        ("time=\"71.25\"", "time=\"7.125e1\""),
        ("\n    <system-out>history:", "\n    <nothing/>\n    <system-out>history:"),
        (" package=\"redis-failover\"", ""),
        (" type=\"invalid\"", ""),
    ])
    func schemaRejects(original: String, broken: String) throws {
        let range = try #require(Self.xml.range(of: original))
        let mutated = Self.xml.replacingCharacters(in: range, with: broken)
        let result = try Xmllint.validate(mutated, schema: Self.schema)
        #expect(result.status != 0, "accepted: \(broken)")
    }
}

enum Xmllint {
    static let path: String? = {
        let directories = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return directories.map { "\($0)/xmllint" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static func validate(_ xml: String, schema: String) throws -> (status: Int32, output: String) {
        let directory = try TemporaryDirectory()
        let file = directory.url.appendingPathComponent("junit.xml")
        try Data(xml.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(path))
        process.arguments = ["--noout", "--schema", schema, file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
