import Foundation
import Shakedown
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// No process outlives the runner — also when the runner is SIGKILLed mid-scenario.
@Suite struct ShakedownCLITeardownTests {
    /// Synchronous on purpose: an async test waiting with Task.sleep can be starved of the
    /// cooperative pool's two threads for longer than the whole scenario runs, and then sees
    /// the runner only after it finished.
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
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline, runner.isRunning {
            nodes = ProcessTree.descendants(of: runner.processIdentifier).filter { $0.command.hasPrefix("shakedown-redi") }
            if nodes.count >= 6 { break }
            Thread.sleep(forTimeInterval: 0.2)
        }
        if !runner.isRunning {
            let output = (runner.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
            Issue.record("the runner ended before its nodes ran:\n\(String(decoding: output, as: UTF8.self))")
            return
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

    /// `shakedown up` prints endpoints real clients use, and Ctrl-C (SIGINT) tears it all down:
    /// processes, and with netns the namespaces too.
    @Test(arguments: ["proxy", "netns"])
    func upPrintsEndpointsAndTearsDownOnInterrupt(network: String) async throws {
        if network == "netns" && getuid() != 0 { return }  // netns needs root; covered where CI runs as root
        let up = try ShakedownCLI.launch(["up", "redis-cluster", "--masters", "3", "--replicas", "1", "--network", network])
        defer { if up.isRunning { kill(up.processIdentifier, SIGKILL) } }
        let text = await ShakedownCLI.output(of: up, until: "Ctrl-C", timeout: 60)
        let endpoints = text.split(separator: "\n").filter { $0.hasPrefix("n") && $0.contains("redis://") }
        #expect(endpoints.count == 6, "\(text)")
        let address = endpoints.first.flatMap { $0.split(separator: " ").dropFirst().first }?
            .replacingOccurrences(of: "redis://", with: "")
        let parts = address?.split(separator: ":") ?? []
        #expect(parts.count == 2, "\(text)")
        // With netns the nodes are reachable only from the client namespace `up` names.
        let prefix = text.split(separator: "\n").first { $0.hasPrefix("clients reach the nodes with: ") }
            .map { $0.dropFirst("clients reach the nodes with: ".count).split(separator: " ").prefix { $0 != "redis-cli" }.map(String.init) } ?? []
        if parts.count == 2 {
            let cli = prefix.isEmpty ? ["redis-cli"] : prefix + [try ExternalTool.locate("redis-cli").path]
            let set = try ExternalTool.run(cli[0], Array(cli.dropFirst()) + ["-c", "-h", String(parts[0]), "-p", String(parts[1]), "SET", "up-key", "v"])
            #expect(set.output.contains("OK"), "\(set.output)")
            let info = try ExternalTool.run(cli[0], Array(cli.dropFirst()) + ["-h", String(parts[0]), "-p", String(parts[1]), "CLUSTER", "INFO"])
            #expect(info.output.contains("cluster_state:ok"), "\(info.output)")
        }
        let nodes = ProcessTree.descendants(of: up.processIdentifier)
        #expect(nodes.count >= 6)
        kill(up.processIdentifier, SIGINT)
        up.waitUntilExit()
        let survivors = ProcessTree.survivors(of: nodes, within: 5)
        #expect(survivors.isEmpty, "still running after Ctrl-C: \(ProcessTree.describe(survivors))")
        ProcessTree.kill(survivors)
        if network == "netns" {
            let namespaces = try ExternalTool.run("ip", ["netns", "list"]).output
            #expect(!namespaces.contains("sd\(up.processIdentifier)-"), "left behind: \(namespaces)")
        }
    }
}
