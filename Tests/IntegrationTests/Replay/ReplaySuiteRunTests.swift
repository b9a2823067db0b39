import Capture
import Foundation
import NIOCore
import Testing

/// The `replay:` scenario kind as `shakedown run` runs it against our cluster: the project's
/// redis-benchmark capture replays without divergence (following MOVED across three masters),
/// and a capture whose replies the cluster cannot give fails the scenario unless the bound
/// allows them.
@Suite(.serialized) struct ReplaySuiteRunTests {
    @Test func projectReplaySuitePassesAgainstOurCluster() async throws {
        let folder = try TemporaryDirectory("replay-suite")
        let suite = PackagePaths.root.appendingPathComponent("Suites/replay/redis-benchmark.yaml").path
        let (status, output) = try await ShakedownCLI.run([
            "run", suite, "--filter", "replayed-without-divergence", "--report-dir", folder.url.path,
        ])
        #expect(status == 0, "\(output)")
        let junit = try String(contentsOf: folder.url.appendingPathComponent("latest/junit.xml"), encoding: .utf8)
        #expect(junit.contains(#"<testcase name="replay""#), "\(junit)")
        #expect(junit.contains("at most 0 divergences"), "\(junit)")
    }

    @Test func listShowsTheReplayAndItsCheck() async throws {
        let (status, output) = try await ShakedownCLI.run(["list", "Suites/replay"])
        #expect(status == 0, "\(output)")
        #expect(output.contains("replay: redis-benchmark.pcap, speed max, order capture, at most 0 divergences"), "\(output)")
        #expect(output.contains("checks: replay, slot-coverage\n"), "\(output)")
    }

    /// Two GETs whose captured replies no fresh cluster gives: 2 divergences.
    static func writeDivergingCapture(to path: String) throws {
        var stream = try TCPStreamSynthesizer(
            client: TCPEndpoint(address: "10.0.0.1", port: 40000), server: TCPEndpoint(address: "10.0.0.2", port: 6379))
        let writer = try PcapWriter(path: path)
        var time: Int64 = 1_700_000_000_000_000_000
        func next() -> Int64 {
            time += 1_000_000
            return time
        }
        try writer.write(try stream.open(atNanoseconds: next()))
        for (key, value) in [("replay:a", "captured-a"), ("replay:b", "captured-b")] {
            try writer.write(try stream.send(ByteBuffer(string: "*2\r\n$3\r\nGET\r\n$\(key.utf8.count)\r\n\(key)\r\n"), from: .client, atNanoseconds: next()))
            try writer.write(try stream.send(ByteBuffer(string: "$\(value.utf8.count)\r\n\(value)\r\n"), from: .server, atNanoseconds: next()))
        }
        try writer.write(try stream.close(from: .client, atNanoseconds: next()))
        try writer.write(try stream.close(from: .server, atNanoseconds: next()))
        try writer.close()
    }

    @Test(arguments: [(0, Int32(1)), (2, Int32(0))])
    func divergencesPastTheBoundFailTheScenario(bound: Int, expectedStatus: Int32) async throws {
        let folder = try TemporaryDirectory("replay-suite")
        let capture = folder.url.appendingPathComponent("diverging.pcap")
        try Self.writeDivergingCapture(to: capture.path)
        let suite = folder.url.appendingPathComponent("diverging.yaml")
        try """
            name: diverging
            topology: { masters: 3, replicas-per-master: 0, node-timeout: 1000ms }
            scenarios:
              - name: replies-that-cannot-match
                replay: { capture: diverging.pcap, speed: max, max-divergences: \(bound) }
            """.write(to: suite, atomically: true, encoding: .utf8)
        let (status, output) = try await ShakedownCLI.run(["run", suite.path, "--report-dir", folder.url.path])
        #expect(status == expectedStatus, "\(output)")
        let scenarioFolder = folder.url.appendingPathComponent("latest/diverging-replies-that-cannot-match")
        let diffs = try String(contentsOf: scenarioFolder.appendingPathComponent("replay.txt"), encoding: .utf8)
        #expect(diffs.contains("2 divergences in 2 compared replies (bound \(bound))"), "\(diffs)")
        if bound == 0 {
            #expect(diffs.contains("GET replay:a"), "\(diffs)")
            #expect(diffs.contains("- \"captured-a\"") && diffs.contains("+ (nil)"), "\(diffs)")
        }
    }
}
