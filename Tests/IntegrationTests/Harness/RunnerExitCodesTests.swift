import Foundation
import Testing

/// What CI gates on: exit codes and messages of `shakedown run` for a bad suite, a system
/// that cannot be reached, and a bad command line.
@Suite struct RunnerExitCodesTests {
    @Test func badSuiteExits64NamingFileLineAndKey() async throws {
        let folder = try TemporaryDirectory("suite")
        let file = folder.url.appendingPathComponent("bad.yaml")
        try "name: bad\nscenarios:\n  - name: a\n    checks: [slot-coverage]\n    nemesis:\n      - { at: 1s, kill: { rol: master } }\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await ShakedownCLI.run(["run", file.path, "--report-dir", folder.url.path])
        #expect(status == 64)
        #expect(output.contains("\(file.path):6:"), "\(output)")
        #expect(output.contains("scenarios[0].nemesis[0].kill.rol"), "\(output)")
        #expect(output.contains("did you mean 'role'?"), "\(output)")
    }

    @Test func badCommandLineExits64() async throws {
        let (status, output) = try await ShakedownCLI.run(["run", "--target", "memcached"])
        #expect(status == 64, "\(output)")
    }

    /// Every node is killed at once: no operation can reach the cluster, so nothing is
    /// proved — the verdict is unknown (exit 2), never valid.
    @Test func workloadThatCannotReachTheClusterIsUnknown() async throws {
        let folder = try TemporaryDirectory("suite")
        let file = folder.url.appendingPathComponent("unreachable.yaml")
        try """
            name: unreachable
            topology: { masters: 3, replicas-per-master: 0, node-timeout: 1000ms }
            scenarios:
              - name: all-nodes-dead
                workload: { kind: register, clients: 2, keys: 4, rate: 50/s, duration: 3s }
                nemesis:
                  - { at: 0s, kill: { role: any, count: 3 } }
                checks:
                  - linearizable
                  - acknowledged-writes
            """.write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await ShakedownCLI.run(["run", file.path, "--report-dir", folder.url.path, "--network", "proxy"])
        #expect(status == 2, "\(output)")
        let summary = try String(contentsOf: folder.url.appendingPathComponent("latest/summary.json"), encoding: .utf8)
        #expect(summary.contains("\"unknown\""), "\(summary)")
        #expect(!output.contains("valid    unreachable"), "\(output)")
    }

    /// A target that is not a Redis server never becomes ready: unknown, with the reason. With
    /// `capture: true` the failed start still reports its capture: what the nodes and the
    /// runner said before giving up is the first thing to look at.
    @Test(arguments: [false, true]) func systemThatNeverStartsIsUnknown(captured: Bool) async throws {
        let folder = try TemporaryDirectory("suite")
        let file = folder.url.appendingPathComponent("smoke.yaml")
        try "name: s\n\(captured ? "capture: true\n" : "")scenarios:\n  - name: a\n    duration: 1s\n    checks: [slot-coverage]\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await ShakedownCLI.run([
            "run", file.path, "--report-dir", folder.url.path, "--redis-server", "/bin/false", "--network", "proxy",
        ])
        #expect(status == 2, "\(output)")
        let summary = try String(contentsOf: folder.url.appendingPathComponent("latest/summary.json"), encoding: .utf8)
        #expect(summary.contains("never became ready"), "\(summary)")
        #expect(summary.contains("capture.pcap: ") == captured, "\(summary)")
    }
}
