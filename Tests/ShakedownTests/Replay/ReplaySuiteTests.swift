import Foundation
import Testing

@testable import Shakedown

/// The `replay:` scenario kind: what loads, and what is refused with file, line and key.
@Suite struct ReplaySuiteTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func projectReplaySuiteLoadsWithItsCapture() throws {
        let suites = try SuiteLoader.load(paths: [Self.root.appendingPathComponent("Suites/replay").path])
        let suite = try #require(suites.first { $0.name == "replay-redis-benchmark" })
        let replay = try #require(suite.scenarios.first?.replay)
        #expect(FileManager.default.isReadableFile(atPath: replay.capture))
        #expect(replay.capture.hasSuffix("Fixtures/pcap/redis-benchmark.pcap"))
        #expect(replay.speed == .max)
        #expect(replay.maxDivergences == 0)
        #expect(suite.scenarios.last?.replay?.speed == .factor(1))
    }

    /// A replay is its own check, so `checks:` may be left out; paths are the suite file's.
    @Test func replayWithoutChecksResolvesAgainstTheSuiteFolder() throws {
        let suiteFile = Self.root.appendingPathComponent("Suites/replay/inline.yaml").path
        let suite = try SuiteLoader.parse(
            """
            name: r
            scenarios:
              - name: a
                replay: { capture: ../../Fixtures/pcap/redis-benchmark.pcap, speed: 10x, order: connection, ignore: [INFO, "CONFIG GET"], max-divergences: 3 }
            """, file: suiteFile)
        let replay = try #require(suite.scenarios[0].replay)
        #expect(replay.speed == .factor(10))
        #expect(replay.ordering == .perConnection)
        #expect(replay.ignore == ["INFO", "CONFIG GET"])
        #expect(replay.maxDivergences == 3)
        #expect(suite.scenarios[0].checks.isEmpty)
    }

    @Test(arguments: [
        ("name: x\nscenarios:\n  - name: a\n    replay: { capture: missing.pcap }\n", 4, "scenarios[0].replay.capture", "cannot read"),
        ("name: x\nscenarios:\n  - name: a\n    replay: { speed: max }\n", 4, "scenarios[0].replay.capture", "needs a capture file"),
        ("name: x\nscenarios:\n  - name: a\n    replay: { capture: ../../Fixtures/pcap/redis-benchmark.pcap, speed: fast }\n", 4,
         "scenarios[0].replay", "not a speed"),
        ("name: x\nscenarios:\n  - name: a\n    replay: { capture: ../../Fixtures/pcap/redis-benchmark.pcap, ignor: [INFO] }\n", 4,
         "scenarios[0].replay.ignor", "did you mean 'ignore'?"),
        ("name: x\nscenarios:\n  - name: a\n    replay: { capture: ../../Fixtures/pcap/redis-benchmark.pcap, order: random }\n", 4,
         "scenarios[0].replay.order", "not one of"),
    ])
    func badReplaysSayWhereAndWhy(yaml: String, line: Int, key: String, hint: String) {
        let file = Self.root.appendingPathComponent("Suites/replay/bad.yaml").path
        do {
            _ = try SuiteLoader.parse(yaml, file: file)
            Issue.record("accepted:\n\(yaml)")
        } catch let error as SuiteError {
            #expect(error.location.line == line, "\(error)")
            #expect(error.key == key, "\(error)")
            #expect(error.description.contains(hint), "\(error)")
        } catch {
            Issue.record("not a SuiteError: \(error)")
        }
    }
}
