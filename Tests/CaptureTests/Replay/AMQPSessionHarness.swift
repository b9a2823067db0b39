import Foundation
import NIOCore
import NIOPosix

@testable import Capture

/// One AMQP replay session against `TinyAMQPBroker`, fed the way the reading thread feeds it but
/// with the batches chosen by the test: at each `pause()` of the script it waits until the
/// broker has logged a line (what the session wrote after reading the target's answer), so the
/// target's answer is known to have reached the session before the captured one does.
struct AMQPSessionHarness {
    struct Run {
        var report: ReplayConnectionReport
        var divergences: [ReplayDivergence]
        var problems: [String]
        /// What the broker received, as `TinyAMQPBroker.log` lines.
        var log: [String]
        /// Client messages the session settled, and those the capture had.
        var settled: Int
        var clientMessages: Int
    }

    struct NeverLogged: Error, CustomStringConvertible {
        var line: String
        var log: [String]
        var description: String { "the broker never received \"\(line)\"; it received \(log)" }
    }

    /// `waitingFor[i]`: the broker log line that ends pause i. `closed`: the capture ends with
    /// the client's connection.close (else it just ends).
    static func replay(
        _ script: AMQPConversationScript, closed: Bool = true, waitingFor lines: [String], deliveries: Int = 1, replyTimeout: Double = 5
    ) throws -> Run {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let broker = try TinyAMQPBroker(group: group, deliveries: deliveries)
        defer { broker.stop() }
        let options = ReplayOptions(
            target: ReplayAddress(host: "127.0.0.1", port: broker.port), speed: .max, compare: true, replyTimeoutSeconds: replyTimeout)
        let report = ReplayConnectionReport(
            connection: TCPConnectionID(1), client: TCPEndpoint(address: "10.0.0.1", port: 40001), server: TCPEndpoint(address: "10.0.0.2", port: 5672),
            protocol: .amqp, target: options.target)
        let loop = group.next()
        let session = AMQPReplaySession(eventLoop: loop, options: options, rules: ReplayIgnoreRules(options.ignore), report: report, target: options.target)
        loop.execute { session.start() }

        let messages = (closed ? script.closed : script.ended).events.compactMap { event -> ConversationMessage? in
            if case .message(let message) = event { message } else { nil }
        }
        let bounds = [0] + script.pauses + [messages.count]
        for (index, (start, end)) in zip(bounds, bounds.dropFirst()).enumerated() {
            let batch = Array(messages[start..<end])
            loop.execute { session.deliver(batch) }
            if index < lines.count { try waitUntil(broker, logged: lines[index]) }
        }
        loop.execute { session.closeClient() }
        let progress = try loop.flatSubmit { session.when(timeoutSeconds: 30) { _ in false } }.wait()
        let (result, settled) = try loop.submit { (session.result, session.settled) }.wait()
        var run = Run(
            report: result.report, divergences: result.divergences, problems: result.problems, log: broker.log, settled: settled,
            clientMessages: messages.count { $0.direction == .clientToServer })
        if !progress.ended { run.report.failure = run.report.failure ?? "did not finish" }
        return run
    }

    /// Polls the broker's log (the session gives no sign of its own for a method it answered).
    private static func waitUntil(_ broker: TinyAMQPBroker, logged line: String) throws {
        let deadline = Date().addingTimeInterval(10)
        while !broker.log.contains(line) {
            guard Date() < deadline else { throw NeverLogged(line: line, log: broker.log) }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }
}
