import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `capture: true` in a suite: the scenario's folder holds `capture.pcap` with the cluster's
/// traffic from formation on — the runner's clients and the nodes' bus links — and the report
/// says how it was made.
@Suite struct RunnerCaptureTests {
    @Test(.enabled(if: geteuid() == 0, "a live capture needs root or CAP_NET_RAW; run as root to include it"))
    func aCapturedScenarioHasItsPcapAndSaysHowItWasMade() async throws {
        let folder = try TemporaryDirectory("suite")
        let file = folder.url.appendingPathComponent("capture.yaml")
        try """
            name: cap
            topology: { masters: 3, replicas-per-master: 0, node-timeout: 1000ms }
            capture: true
            scenarios:
              - name: set-get
                workload: { kind: register, clients: 2, keys: 4, rate: 50/s, duration: 1s }
                checks: [slot-coverage]
            """.write(to: file, atomically: true, encoding: .utf8)
        let (status, output) = try await ShakedownCLI.run(["run", file.path, "--report-dir", folder.url.path, "--network", "proxy"])
        #expect(status == 0, "\(output)")
        let summary = try String(contentsOf: folder.url.appendingPathComponent("latest/summary.json"), encoding: .utf8)
        #expect(summary.contains("capture.pcap: live on lo, filter tcp and (port"), "\(summary)")

        let conversations = try CapturedConversations(folder.url.appendingPathComponent("latest/cap-set-get/capture.pcap").path)
        let fromRunner = conversations.connections.filter { $0.client.address == "127.0.0.1" }
        let betweenNodes = conversations.connections.filter { $0.client.address != "127.0.0.1" }
        #expect(fromRunner.contains { $0.fromClient.lowercased().contains("addslotsrange") }, "formation is in the capture")
        #expect(fromRunner.contains { $0.fromClient.uppercased().contains("SET") && $0.fromServer.contains("+OK") }, "the workload is in it")
        #expect(betweenNodes.count >= 3 && betweenNodes.allSatisfy { $0.fromClient.hasPrefix("RCmb") }, "bus links: \(betweenNodes.map(\.client))")
    }
}
