import AMQP
import Capture
import NIOCore
import NIOPosix
import Testing

/// AMQP replay against a tiny broker in the test (rabbitmq-server is too heavy for unit tests).
@Suite struct AMQPReplayTests {
    /// A captured client on channel 5: declares a server-named queue, gets a message, acks it.
    static func script(getOk: BasicMethod.GetOk, body: String = "hello", queue: String = "") -> ConversationScript {
        var s = AMQPConversationScript()
        s.client(5, .channel(.open()))
        s.server(5, .channel(.openOk()))
        let declared = queue.isEmpty ? "amq.gen-CAPTURED" : queue
        s.client(5, .queue(.declare(.init(queue: queue))))
        s.server(5, .queue(.declareOk(.init(queue: declared, messageCount: 1))))
        s.client(5, .basic(.get(.init(queue: declared))))
        s.server(5, .basic(.getOk(getOk)), body: body)
        s.client(5, .basic(.ack(deliveryTag: getOk.deliveryTag)))
        s.client(5, .channel(.close(.init(replyCode: 200, replyText: "bye"))))
        s.server(5, .channel(.closeOk))
        return s.closed
    }

    static let capturedGetOk = BasicMethod.GetOk(deliveryTag: 7, exchange: "", routingKey: "amq.gen-CAPTURED", messageCount: 0)

    /// `deliveries`: what the broker sends a consumer (`TinyAMQPBroker`).
    static func replay(_ script: ConversationScript, ignore: [String] = [], deliveries: Int = 1, replyTimeout: Double = 5) throws -> (ReplayReport, [String]) {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        defer { try? group.syncShutdownGracefully() }
        let broker = try TinyAMQPBroker(group: group, deliveries: deliveries)
        defer { broker.stop() }
        let options = ReplayOptions(
            target: ReplayAddress(host: "127.0.0.1", port: broker.port), speed: .max, compare: true, ignore: ignore,
            replyTimeoutSeconds: replyTimeout)
        var source = script.source
        let report = Replayer(options: options, group: group).run(&source)
        return (report, broker.log)
    }

    @Test func ownHandshakeMappedChannelQueueAndDeliveryTag() throws {
        let (report, log) = try Self.replay(Self.script(getOk: Self.capturedGetOk))
        #expect(report.connections.first?.failure == nil, "\(report.problems)")
        #expect(report.divergenceCount == 0, "\(report.divergences)")
        #expect(report.repliesCompared == 4)  // channel open-ok, declare-ok, get-ok, channel close-ok
        #expect(log.contains("0 connection.start_ok response=|guest|guest"), "\(log)")
        #expect(log.contains("0 connection.open vhost=/captured"))
        #expect(log.contains("1 basic.get queue=amq.gen-1"))
        #expect(log.contains("1 basic.ack delivery-tag=1"))
        #expect(log.last == "0 connection.close ")
        #expect(!log.contains { $0.hasPrefix("5 ") })
    }

    /// A queue the client named comes back under that name: its own declare must not wait for
    /// the declare-ok it is about to cause (it did once, and every named queue timed out).
    @Test func aNamedQueueIsSentAsCapturedWithoutWaiting() throws {
        var getOk = Self.capturedGetOk
        getOk.routingKey = "orders"
        let (report, log) = try Self.replay(Self.script(getOk: getOk, queue: "orders"))
        #expect(report.connections.first?.failure == nil, "\(report.problems)")
        #expect(report.divergenceCount == 0, "\(report.divergences)")
        #expect(log.contains("1 basic.get queue=orders"), "\(log)")
    }

    @Test func changedFieldsAreReportedAndIgnorable() throws {
        var changed = Self.capturedGetOk
        changed.messageCount = 3
        let (report, _) = try Self.replay(Self.script(getOk: changed, body: "bye"))
        #expect(report.divergences.map(\.field) == ["message-count", "body"])
        let first = try #require(report.divergences.first)
        #expect(first.expected == "3")
        #expect(first.actual == "0")
        #expect(first.request == "basic.get queue=\"amq.gen-CAPTURED\" no-ack=false")
        #expect(first.requestIndex == 3)
        let (ignoring, _) = try Self.replay(Self.script(getOk: changed, body: "bye"), ignore: ["message-count", "body"])
        #expect(ignoring.divergenceCount == 0, "\(ignoring.divergences)")
    }
}
