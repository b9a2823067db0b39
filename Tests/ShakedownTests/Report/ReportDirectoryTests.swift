import Foundation
import Testing

@testable import Shakedown

@Suite struct ReportDirectoryTests {
    @Test func runIDsSortByTime() {
        #expect(ReportDirectory.newRunID(started: ReportFixtures.started, random: 0xab) == "20261127-023000-00ab")
        let id = ReportDirectory.newRunID()
        #expect(id.wholeMatch(of: #/[0-9]{8}-[0-9]{6}-[0-9a-f]{4}/#) != nil)
        let earlier = ReportDirectory.newRunID(started: ReportFixtures.started, random: 0xffff)
        let later = ReportDirectory.newRunID(started: ReportFixtures.started.addingTimeInterval(1), random: 0)
        #expect(earlier < later)
    }

    @Test func scenarioFoldersAreSafeAndUnique() throws {
        let temp = try TemporaryDirectory()
        let reports = try ReportDirectory(root: temp.path + "/Reports", runID: ReportFixtures.runID)
        let names = try [
            "kill-one-master", "kill-one-master", "KILL-ONE-MASTER", "../../etc/passwd", "", "junit.xml",
            "a b/c\u{0}d", ".hidden", "漢字", String(repeating: "x", count: 100),
        ].map(reports.scenarioFolder(for:))
        #expect(names == [
            "kill-one-master", "kill-one-master-2", "KILL-ONE-MASTER-3", "etc-passwd", "scenario", "junit.xml-2",
            "a-b-c-d", "hidden", "scenario-2", String(repeating: "x", count: 64),
        ])
        for name in names {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: reports.logsPath(folder: name), isDirectory: &isDirectory))
            #expect(isDirectory.boolValue)
        }
        #expect(reports.historyPath(folder: "x") == "\(temp.path)/Reports/\(ReportFixtures.runID)/x/history.jsonl")
    }

    @Test func writesReportsAndPointsLatestAtTheRun() throws {
        let temp = try TemporaryDirectory()
        let root = temp.path + "/Reports"
        let first = try ReportDirectory(root: root, runID: "20261127-023000-0001")
        var run = ReportFixtures.run()
        run.scenarios[0].folder = try first.scenarioFolder(for: run.scenarios[0].name)
        try HistoryFile.write(
            [HistoryEvent(time: 1, process: 0, type: .invoke, f: "read")],
            to: URL(fileURLWithPath: first.historyPath(folder: run.scenarios[0].folder!)))
        try first.write(run, hostname: "ci-host")

        let junit = try String(contentsOfFile: first.path + "/junit.xml", encoding: .utf8)
        #expect(junit.contains("[[ATTACHMENT|\(first.path)/kill-one-master/history.jsonl]]"))
        let summary = try SummaryReport.decode(Data(contentsOf: URL(fileURLWithPath: first.path + "/summary.json")))
        #expect(summary.runID == ReportFixtures.runID)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/latest") == "20261127-023000-0001")
        #expect(FileManager.default.fileExists(atPath: root + "/latest/junit.xml"))

        // A second run takes the link over; no temporary link is left behind.
        let second = try ReportDirectory(root: root, runID: "20261127-023100-0002")
        try second.write(ReportFixtures.run(.valid))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/latest") == "20261127-023100-0002")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted()
            == ["20261127-023000-0001", "20261127-023100-0002", "latest"])
        let latestSummary = try SummaryReport.decode(Data(contentsOf: URL(fileURLWithPath: root + "/latest/summary.json")))
        #expect(latestSummary.verdict == .valid)
    }

    @Test func refusesToReuseOrMisname() throws {
        let temp = try TemporaryDirectory()
        let root = temp.path + "/Reports"
        _ = try ReportDirectory(root: root, runID: "20261127-023000-0001")
        #expect(throws: ReportDirectoryError.self) { _ = try ReportDirectory(root: root, runID: "20261127-023000-0001") }
        #expect(throws: ReportDirectoryError.self) { _ = try ReportDirectory(root: root, runID: "../escape") }
        #expect(throws: ReportDirectoryError.self) { _ = try ReportDirectory(root: root, runID: "") }
    }

    @Test func latestThatIsADirectoryIsAClearError() throws {
        let temp = try TemporaryDirectory()
        let root = temp.path + "/Reports"
        try FileManager.default.createDirectory(atPath: root + "/latest/inside", withIntermediateDirectories: true)
        let reports = try ReportDirectory(root: root, runID: "20261127-023000-0001")
        let error = #expect(throws: ReportDirectoryError.self) { try reports.pointLatest() }
        #expect(error?.description.contains("is it a directory?") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["20261127-023000-0001", "latest"])
    }
}
