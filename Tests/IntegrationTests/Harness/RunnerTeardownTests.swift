import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// No process outlives the runner — also when the runner is SIGKILLed mid-scenario.
@Suite struct RunnerTeardownTests {
    @Test func sigkilledRunnerLeavesNoProcessBehind() throws {
        let folder = try TemporaryDirectory("suite")
        let file = folder.url.appendingPathComponent("long.yaml")
        try """
            name: long
            scenarios:
              - name: steady
                workload: { kind: register, clients: 2, keys: 8, rate: 50/s, duration: 60s }
                checks: [linearizable]
            """.write(to: file, atomically: true, encoding: .utf8)
        let runner = try ShakedownCLI.launch(["run", file.path, "--report-dir", folder.url.path, "--network", "proxy"])
        defer { if runner.isRunning { runner.terminate() } }
        // Wait until all six nodes run under the runner.
        var nodes: Set<Int32> = []
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            nodes = ShakedownCLI.descendants(of: runner.processIdentifier)
            if nodes.count >= 6 { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(nodes.count >= 6, "the runner started \(nodes.count) processes")
        Thread.sleep(forTimeInterval: 2)
        nodes.formUnion(ShakedownCLI.descendants(of: runner.processIdentifier))
        kill(runner.processIdentifier, SIGKILL)
        runner.waitUntilExit()
        let gone = Date().addingTimeInterval(5)
        while Date() < gone, nodes.contains(where: ShakedownCLI.isAlive) {
            Thread.sleep(forTimeInterval: 0.1)
        }
        let survivors = nodes.filter(ShakedownCLI.isAlive)
        #expect(survivors.isEmpty, "still running after the runner was killed: \(survivors.sorted())")
        for pid in survivors { kill(pid, SIGKILL) }
    }

    /// `shakedown up` prints endpoints real clients use, and Ctrl-C (SIGINT) tears it all down.
    @Test func upPrintsEndpointsAndTearsDownOnInterrupt() throws {
        let up = try ShakedownCLI.launch(["up", "redis-cluster", "--masters", "3", "--replicas", "1", "--network", "proxy"])
        defer { if up.isRunning { kill(up.processIdentifier, SIGKILL) } }
        let output = (up.standardOutput as! Pipe).fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(60)
        while !text.contains("Ctrl-C"), Date() < deadline {
            let data = output.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        let endpoints = text.split(separator: "\n").filter { $0.hasPrefix("n") && $0.contains("redis://") }
        #expect(endpoints.count == 6, "\(text)")
        let address = endpoints.first.flatMap { $0.split(separator: " ").dropFirst().first }?
            .replacingOccurrences(of: "redis://", with: "")
        let parts = address?.split(separator: ":") ?? []
        #expect(parts.count == 2, "\(text)")
        if parts.count == 2 {
            let set = try ExternalTool.run("redis-cli", ["-c", "-h", String(parts[0]), "-p", String(parts[1]), "SET", "up-key", "v"])
            #expect(set.output.contains("OK"), "\(set.output)")
            let info = try ExternalTool.run("redis-cli", ["-h", String(parts[0]), "-p", String(parts[1]), "CLUSTER", "INFO"])
            #expect(info.output.contains("cluster_state:ok"), "\(info.output)")
        }
        let nodes = ShakedownCLI.descendants(of: up.processIdentifier)
        #expect(nodes.count >= 6)
        kill(up.processIdentifier, SIGINT)
        up.waitUntilExit()
        #expect(up.terminationStatus == 0)
        let survivors = nodes.filter(ShakedownCLI.isAlive)
        #expect(survivors.isEmpty, "still running after Ctrl-C: \(survivors.sorted())")
    }
}
