import Foundation
import Testing

@testable import Shakedown

@Suite struct SummaryReportTests {
    @Test func verdictsCountsAndScenarios() throws {
        let summary = SummaryReport(ReportFixtures.run())
        #expect(summary.verdict == .invalid)
        #expect(summary.counts.scenarios == tally(4, valid: 1, invalid: 2, unknown: 1))
        // no-majority's valid failover is unknown under its scenario error.
        #expect(summary.counts.checks == tally(7, valid: 3, invalid: 2, unknown: 2))
        #expect(summary.scenarios.map(\.verdict) == [.invalid, .invalid, .unknown, .valid])
        #expect(summary.scenarios[1].checks.map(\.validity) == [.unknown, .invalid])
        #expect(summary.scenarios[0].time == 21.3)
        #expect(summary.scenarios[0].checks[0].time == 0.012)
        #expect(summary.scenarios[0].checks[1].evidence == [3, 17, 18])
        #expect(summary.scenarios[0].folder == "kill-one-master")
        #expect(summary.scenarios[2].error == "redis-server exited with status 1 before readiness")
    }

    @Test func jsonHasSortedKeysAndISODates() throws {
        let data = try SummaryReport(ReportFixtures.run()).encoded()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""started" : "2026-11-27T02:30:00Z""#))
        #expect(text.hasSuffix("}\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["runID"] as? String == ReportFixtures.runID)
        #expect(object["verdict"] as? String == "invalid")
        #expect(object["target"] as? String == "swift")
        // Top-level keys appear in sorted order in the text.
        let keys = ["counts", "runID", "scenarios", "started", "target", "time", "verdict"]
        #expect(Set(object.keys) == Set(keys))
        let positions = keys.map { text.range(of: "\n  \"\($0)\"")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        // Hostile text survives as escaped JSON.
        #expect(text.contains(#"\u0000"#))
    }

    @Test func roundTrips() throws {
        let summary = SummaryReport(ReportFixtures.run())
        let decoded = try SummaryReport.decode(summary.encoded())
        #expect(decoded.runID == summary.runID)
        #expect(decoded.started == ReportFixtures.started)
        #expect(decoded.counts == summary.counts)
        #expect(decoded.scenarios.map(\.name) == summary.scenarios.map(\.name))
    }

    private func tally(_ total: Int, valid: Int, invalid: Int, unknown: Int) -> VerdictCounts.Tally {
        var tally = VerdictCounts.Tally()
        tally.total = total
        tally.valid = valid
        tally.invalid = invalid
        tally.unknown = unknown
        return tally
    }
}
