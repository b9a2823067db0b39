import Foundation
import Testing

/// Issue 7's acceptance for RESP: `tcpdump -i lo -w` of the real redis-benchmark against the
/// real redis-server, replayed with `shakedown replay --compare` against our node: no
/// divergence on deterministic commands. Then the same capture against a node whose data
/// differs, to show the comparison sees a difference.
@Suite(.serialized) struct RedisBenchmarkReplayTests {
    static var unavailableReason: String? {
        TcpdumpCapture.unavailableReason ?? ((try? ExternalTool.locate("redis-benchmark")) == nil ? "redis-benchmark is not installed" : nil)
    }

    @Test func redisBenchmarkCaptureReplaysAgainstOurNodeWithoutDivergence() async throws {
        try await OffPool.run { try Self.redisBenchmarkCaptureReplaysAgainstOurNodeWithoutDivergenceBlocking() }
    }

    static func redisBenchmarkCaptureReplaysAgainstOurNodeWithoutDivergenceBlocking() throws {
        if let reason = unavailableReason {
            print("RedisBenchmarkReplayTests skipped: \(reason)")
            return
        }
        let folder = try TemporaryDirectory("replay-resp")
        let file = folder.url.appendingPathComponent("redis-benchmark.pcap")
        // A fresh redis-server each take, so every capture starts from an empty one.
        let runs = try TcpdumpCapture.recordWithoutDrops {
            let reference = try ServerProcess.reference()
            let capture = try TcpdumpCapture(ports: [reference.port], file: file)
            // One client for commands whose replies depend on the order of all clients' commands
            // (INCR's count, LPUSH's length); four for those that do not.
            let runs = [
                try ExternalTool.run(
                    "redis-benchmark",
                    ["-p", "\(reference.port)", "-n", "150", "-c", "1", "-q", "-t", "set,get,incr,lpush,rpush,lpop,rpop,sadd,hset,spop,zadd,zpopmin,lrange_100,mset"]),
                try ExternalTool.run("redis-benchmark", ["-p", "\(reference.port)", "-n", "300", "-c", "4", "-q", "-t", "ping,set,get"]),
            ]
            let dumped = capture.stop()
            reference.stop()
            return (runs, dumped)
        }
        for run in runs { #expect(run.status == 0, "\(run.output)") }

        let node = try ServerProcess.shakedown()
        let junit = folder.url.appendingPathComponent("replay.xml")
        let replay = try ShakedownReplay.run(
            file, ["--target", "127.0.0.1:\(node.port)", "--speed", "max", "--compare", "--junit", junit.path])
        #expect(replay.status == 0, "\(replay.output)")
        let counts = try #require(ShakedownReplay.compared(in: replay.output), "\(replay.output)")
        // 14 tests of 150 commands (LRANGE's LPUSH preparation included) plus 3 of 300.
        #expect(counts.compared > 2_500, "\(replay.output)")
        #expect(counts.divergences == 0, "\(replay.output)")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.contains(#"failures="0""#) && xml.contains(#"errors="0""#), "\(xml.prefix(2000))")

        // A node holding one more element in mylist answers every LPUSH/RPUSH/LPOP differently.
        let other = try ServerProcess.shakedown()
        _ = try other.connect().send("RPUSH", "mylist", "already-there")
        let diverged = try ShakedownReplay.run(file, ["--target", "127.0.0.1:\(other.port)", "--speed", "max", "--compare"])
        #expect(diverged.status == 1, "\(diverged.output)")
        let divergedCounts = try #require(ShakedownReplay.compared(in: diverged.output), "\(diverged.output)")
        #expect(divergedCounts.divergences > 0)
        #expect(diverged.output.contains("LPUSH mylist"), "\(diverged.output.prefix(3000))")
        #expect(diverged.output.contains("(integer)"), "\(diverged.output.prefix(3000))")
    }
}
