import Foundation
import Shakedown
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// No process outlives the runner — also when the runner is SIGKILLed mid-scenario.
@Suite struct ShakedownCLITeardownTests {
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
        // Wait until the six nodes run under the runner and the workload is going.
        var nodes: [ProcessStatus] = []
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            nodes = ProcessTree.descendants(of: runner.processIdentifier).filter { $0.command.hasPrefix("shakedown-redi") }
            if nodes.count >= 6 { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        #expect(nodes.count >= 6, "the runner started \(nodes.count) nodes")
        Thread.sleep(forTimeInterval: 3)
        let everything = ProcessTree.descendants(of: runner.processIdentifier)
        kill(runner.processIdentifier, SIGKILL)
        runner.waitUntilExit()
        let survivors = ProcessTree.survivors(of: everything, within: 5)
        #expect(survivors.isEmpty, "still running after the runner was killed: \(ProcessTree.describe(survivors))")
        ProcessTree.kill(survivors)
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
        let nodes = ProcessTree.descendants(of: up.processIdentifier)
        #expect(nodes.count >= 6)
        kill(up.processIdentifier, SIGINT)
        up.waitUntilExit()
        let survivors = ProcessTree.survivors(of: nodes, within: 5)
        #expect(survivors.isEmpty, "still running after Ctrl-C: \(ProcessTree.describe(survivors))")
        ProcessTree.kill(survivors)
    }
}
