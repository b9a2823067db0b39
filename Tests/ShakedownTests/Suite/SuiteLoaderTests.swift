import Foundation
import Testing

@testable import Shakedown

@Suite struct SuiteLoaderTests {
    static let valid = """
        name: demo
        system: redis-cluster
        topology: { masters: 3, replicas-per-master: 1, node-timeout: 1000ms }
        seed: 42
        scenarios:
          - name: kill-one-master
            workload: { kind: register, clients: 4, keys: 64, rate: 400/s, duration: 20s }
            nemesis:
              - { at: 5s, kill: { role: master, count: 1 } }
              - { at: 15s, restart: killed }
            checks:
              - slot-coverage: { within: 5s }
              - failover: { promoted-within: 4s }
              - linearizable: { model: register, time-limit: 30s }
          - name: no-majority
            nemesis:
              - { at: 3s, kill: { role: master, count: 2 } }
            checks:
              - failover: { expect: none }
        """

    @Test func loadsTheDesignSketch() throws {
        let suite = try SuiteLoader.parse(Self.valid, file: "demo.yaml")
        #expect(suite.name == "demo")
        #expect(suite.seed == 42)
        #expect(suite.topology == Topology(masters: 3, replicasPerMaster: 1, nodeTimeout: .seconds(1)))
        #expect(suite.scenarios.map(\.name) == ["kill-one-master", "no-majority"])
        let first = suite.scenarios[0]
        #expect(first.workload?.rate == 400)
        #expect(first.workload?.duration == .seconds(20))
        #expect(first.nemesis.map(\.at) == [.seconds(5), .seconds(15)])
        #expect(first.nemesis[1].summary == "at 15s restart the killed nodes")
        #expect(first.checks.map(\.name) == ["slot-coverage", "failover", "linearizable"])
        // No workload: the scenario lasts past the last fault by two node timeouts and 3 s.
        #expect(suite.scenarios[1].duration == .seconds(8))
    }

    /// Every error names file, line and key; the cases are the mistakes people make.
    @Test(arguments: [
        ("nmae: x\n", 1, "nmae", "did you mean 'name'?"),
        ("name: x\nscenarios:\n  - name: a\n    checks: [slot-coverage]\n    workload: { kind: register, duration: 5 }\n", 5,
         "scenarios[0].workload.duration", "500ms"),
        ("name: x\ntopology: { masters: 2 }\nscenarios:\n  - name: a\n    checks: [slot-coverage]\n", 2, "topology.masters",
         "at least 3"),
        ("name: x\nscenarios:\n  - name: a\n    checks: [slot-coverage]\n    nemesis:\n      - { at: 1s, kil: { role: master } }\n", 6,
         "scenarios[0].nemesis[0].kil", "did you mean 'kill'?"),
        ("name: x\nscenarios:\n  - name: a\n    checks: [slot-coverage]\n    nemesis:\n      - { at: 1s, kill: { role: master, count: 4 } }\n", 6,
         "scenarios[0].nemesis[0].kill.count", "topology has 3"),
        ("name: x\nscenarios:\n  - name: a\n    checks: [slot-coverag]\n", 4, "scenarios[0].checks[0].slot-coverag",
         "did you mean 'slot-coverage'?"),
        ("name: x\nscenarios:\n  - name: a\n    checks: [slot-coverage]\n    nemesis:\n      - { at: 1s, kill: { node: n9 } }\n", 6,
         "scenarios[0].nemesis[0].kill.node", "n1...n6"),
        ("name: x\nscenarios:\n  - name: a\n    duration: 5s\n    checks: [slot-coverage]\n    nemesis:\n      - { at: 9s, heal: {} }\n", 7,
         "scenarios[0].nemesis", "after the scenario ends"),
        ("name: x\nscenarios:\n  - name: a\n    checks:\n      - failover: { expect: sometimes }\n", 5,
         "scenarios[0].checks[0].failover.expect", "not one of"),
        ("name: x\nscenarios: [\n", 3, "", "not valid YAML"),
        ("name: x\nname: y\nscenarios: []\n", 2, "name", "twice"),
        ("name: x\nscenarios:\n  - name: a\n", 3, "scenarios[0].checks", "at least one check"),
        ("name: x\ncapture: maybe\nscenarios:\n  - name: a\n    checks: [slot-coverage]\n", 2, "capture", "not true or false"),
        ("name: x\nscenarios:\n  - name: a\n    checks: [slot-coverage]\n    captur: true\n", 5, "scenarios[0].captur",
         "did you mean 'capture'?"),
    ])
    func badSuitesSayWhereAndWhy(yaml: String, line: Int, key: String, hint: String) {
        do {
            _ = try SuiteLoader.parse(yaml, file: "bad.yaml")
            Issue.record("accepted:\n\(yaml)")
        } catch let error as SuiteError {
            #expect(error.location.file == "bad.yaml")
            #expect(error.location.line == line, "\(error)")
            #expect(error.key == key, "\(error)")
            #expect(error.description.contains(hint), "\(error)")
            #expect(error.description.hasPrefix("bad.yaml:\(line):"))
        } catch {
            Issue.record("not a SuiteError: \(error)")
        }
    }

    @Test func projectSuitesAllLoad() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let suites = try SuiteLoader.load(paths: [root.appendingPathComponent("Suites/redis").path])
        #expect(suites.map(\.name).sorted() == [
            "redis-failover", "redis-partition", "redis-pause", "redis-replica-unsynced", "redis-smoke", "redis-stale-rdb",
        ])
    }

    @Test func linkFaultsParse() throws {
        let suite = try SuiteLoader.parse(
            """
            name: links
            scenarios:
              - name: a
                duration: 10s
                nemesis:
                  - { at: 1s, drop: { from: n1, to: n4, probability: 0.3, both-ways: true } }
                  - { at: 2s, delay: { from: n2, to: n5, by: 200ms } }
                  - { at: 3s, reset: { from: n1, to: n4 } }
                  - { at: 4s, partition: { shape: majority-ring } }
                  - { at: 5s, heal: {} }
                checks: [slot-coverage]
            """, file: "links.yaml")
        #expect(suite.scenarios[0].nemesis.map(\.summary) == [
            "at 1s drop n1 -> n4 both ways at 0.3", "at 2s delay n2 -> n5 by 200ms", "at 3s reset n1 -> n4",
            "at 4s partition majority-ring", "at 5s heal all links",
        ])
        #expect(throws: SuiteError.self) {
            try SuiteLoader.parse(
                "name: x\nscenarios:\n  - name: a\n    checks: [slot-coverage]\n    nemesis:\n      - { at: 1s, delay: { from: n1, to: n1, by: 1s } }\n",
                file: "x.yaml")
        }
    }

    /// `capture:` on the suite is every scenario's default; a scenario's own setting wins.
    @Test func captureIsSetOnTheSuiteOrPerScenario() throws {
        let scenarios = "scenarios:\n  - name: a\n    checks: [slot-coverage]\n  - name: b\n    capture: false\n    checks: [slot-coverage]\n"
            + "  - name: c\n    capture: true\n    checks: [slot-coverage]\n"
        let captured = try SuiteLoader.parse("name: x\ncapture: true\n" + scenarios, file: "x.yaml")
        #expect(captured.capture && captured.scenarios.map(\.capture) == [true, false, true])
        let plain = try SuiteLoader.parse("name: x\n" + scenarios, file: "x.yaml")
        #expect(!plain.capture && plain.scenarios.map(\.capture) == [false, false, true])
    }

    @Test func missingFileIsAnError() {
        #expect(throws: SuiteError.self) { try SuiteLoader.load(paths: ["/nonexistent/suite.yaml"]) }
    }
}
