import Foundation
import Testing

/// Issue 7's acceptance for AMQP: `tcpdump -i lo -w` of the real amqp-tools against the real
/// rabbitmq-server 3.10, replayed with `shakedown replay --compare` against our broker: the
/// replay performs its own handshake, maps channels, and sees the same replies.
@Suite(.serialized) struct AMQPToolsReplayTests {
    @Test func amqpToolsCaptureReplaysAgainstOurBrokerWithoutDivergence() async throws {
        try await OffPool.run { try Self.amqpToolsCaptureReplaysAgainstOurBrokerWithoutDivergenceBlocking() }
    }

    static func amqpToolsCaptureReplaysAgainstOurBrokerWithoutDivergenceBlocking() throws {
        if let reason = TcpdumpCapture.unavailableReason ?? RabbitMQServer.unavailableReason ?? AMQPToolsTests.unavailableReason {
            print("AMQPToolsReplayTests skipped: \(reason)")
            return
        }
        let folder = try TemporaryDirectory("replay-amqp")
        let file = folder.url.appendingPathComponent("amqp-tools.pcap")
        // A fresh rabbitmq-server each take, so every capture starts from an empty one.
        try TcpdumpCapture.recordWithoutDrops {
            let rabbit = try RabbitMQServer()
            let capture = try TcpdumpCapture(ports: [rabbit.port], file: file)
            func tool(_ name: String, _ arguments: [String]) throws -> String {
                let run = try ExternalTool.run(
                    "timeout", ["20", name, "--server=127.0.0.1", "--port=\(rabbit.port)", "--username=guest", "--password=guest"] + arguments)
                return "exit \(run.status): \(run.output)"
            }
            #expect(try tool("amqp-declare-queue", ["-q", "replay-q"]) == "exit 0: replay-q\n")
            #expect(try tool("amqp-declare-queue", ["-d", "-q", "replay-durable"]) == "exit 0: replay-durable\n")
            for body in ["first", "second", "third"] {
                #expect(try tool("amqp-publish", ["-r", "replay-q", "-b", body]) == "exit 0: ")
            }
            #expect(try tool("amqp-publish", ["-p", "-C", "text/plain", "-r", "replay-durable", "-b", "kept"]) == "exit 0: ")
            #expect(try tool("amqp-get", ["-q", "replay-q"]) == "exit 0: first")
            #expect(try tool("amqp-get", ["-q", "replay-q"]) == "exit 0: second")
            #expect(try tool("amqp-consume", ["-q", "replay-q", "-c", "1", "cat"]) == "exit 0: third")
            #expect(try tool("amqp-get", ["-q", "replay-q"]) == "exit 2: ")
            #expect(try tool("amqp-get", ["-q", "replay-durable"]) == "exit 0: kept")
            // A refusal: a queue that does not exist closes the channel with 404.
            #expect(try tool("amqp-get", ["-q", "no-such-queue"]).hasPrefix("exit 1: basic.get: server channel error 404"))
            #expect(try tool("amqp-delete-queue", ["-q", "replay-q"]).hasPrefix("exit 0"))
            let dumped = capture.stop()
            rabbit.stop()
            return ((), dumped)
        }

        let broker = try ShakedownBrokerServer()
        defer { broker.stop() }
        let junit = folder.url.appendingPathComponent("replay.xml")
        let replay = try ShakedownReplay.run(
            file, ["--target", "127.0.0.1:\(broker.port)", "--speed", "max", "--compare", "--junit", junit.path])
        #expect(replay.status == 0, "\(replay.output)")
        let counts = try #require(ShakedownReplay.compared(in: replay.output), "\(replay.output)")
        #expect(counts.compared >= 20, "\(replay.output)")
        #expect(counts.divergences == 0, "\(replay.output)")
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.contains(#"failures="0""#) && xml.contains(#"errors="0""#), "\(xml.prefix(2000))")

        // The capture leaves the broker as it found it (replay-q deleted, replay-durable empty),
        // so a second replay matches too; with one more message waiting in replay-durable, its
        // declare-ok counts differ and its get returns that message instead of "kept".
        let again = try ShakedownReplay.run(file, ["--target", "127.0.0.1:\(broker.port)", "--speed", "max", "--compare"])
        #expect(again.status == 0, "\(again.output)")
        let extra = try ExternalTool.run(
            "timeout", ["20", "amqp-publish", "--server=127.0.0.1", "--port=\(broker.port)", "-r", "replay-durable", "-b", "extra"])
        #expect(extra.status == 0, "\(extra.output)")
        let diverged = try ShakedownReplay.run(file, ["--target", "127.0.0.1:\(broker.port)", "--speed", "max", "--compare"])
        #expect(diverged.status == 1, "\(diverged.output)")
        #expect(diverged.output.contains("message-count"), "\(diverged.output)")
        #expect(diverged.output.contains("queue.declare"), "\(diverged.output)")
    }
}
