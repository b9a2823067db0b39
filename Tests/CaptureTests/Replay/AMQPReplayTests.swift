import AMQP
import Capture
import NIOCore
import NIOPosix
import Testing

/// AMQP replay against a tiny broker in the test (rabbitmq-server is too heavy for unit tests).
@Suite struct AMQPReplayTests {
    /// A captured client on channel 5: declares a server-named queue, gets a message, acks it.
    static func script(getOk: BasicMethod.GetOk, body: String = "hello", queue: String = "") -> ConversationScript {
        var s = ConversationScript()
        s.open(1, serverPort: 5672, protocol: .amqp)
        func client(_ channel: UInt16, _ method: AMQP.Method) { s.message(1, .clientToServer, .amqp(Command(channel: channel, method: method))) }
        func server(_ command: Command) { s.message(1, .serverToClient, .amqp(command)) }
        s.message(1, .clientToServer, .amqpProtocolHeader(.amqp091))
        server(Command(channel: 0, method: .connection(.start(.init()))))
        client(0, .connection(.startOk(.init(response: Array("\0captured\0secret".utf8)))))
        server(Command(channel: 0, method: .connection(.tune(.init(channelMax: 10, frameMax: 4096, heartbeat: 30)))))
        client(0, .connection(.tuneOk(.init(channelMax: 10, frameMax: 4096, heartbeat: 30))))
        client(0, .connection(.open(.init(virtualHost: "/captured"))))
        server(Command(channel: 0, method: .connection(.openOk(knownHosts: ""))))
        client(5, .channel(.open()))
        server(Command(channel: 5, method: .channel(.openOk())))
        let declared = queue.isEmpty ? "amq.gen-CAPTURED" : queue
        client(5, .queue(.declare(.init(queue: queue))))
        server(Command(channel: 5, method: .queue(.declareOk(.init(queue: declared, messageCount: 1)))))
        client(5, .basic(.get(.init(queue: declared))))
        server(Command(channel: 5, method: .basic(.getOk(getOk)), content: Content(body: ByteBuffer(string: body))))
        client(5, .basic(.ack(deliveryTag: getOk.deliveryTag)))
        client(5, .channel(.close(.init(replyCode: 200, replyText: "bye"))))
        server(Command(channel: 5, method: .channel(.closeOk)))
        client(0, .connection(.close(.init(replyCode: 200, replyText: "bye"))))
        server(Command(channel: 0, method: .connection(.closeOk)))
        s.close(1)
        return s
    }

    static let capturedGetOk = BasicMethod.GetOk(deliveryTag: 7, exchange: "", routingKey: "amq.gen-CAPTURED", messageCount: 0)

    func replay(_ script: ConversationScript, ignore: [String] = []) throws -> (ReplayReport, [String]) {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
        defer { try? group.syncShutdownGracefully() }
        let broker = try TinyAMQPBroker(group: group)
        defer { broker.stop() }
        let options = ReplayOptions(
            target: ReplayAddress(host: "127.0.0.1", port: broker.port), speed: .max, compare: true, ignore: ignore, replyTimeoutSeconds: 5)
        var source = script.source
        let report = Replayer(options: options, group: group).run(&source)
        return (report, broker.log)
    }

    @Test func ownHandshakeMappedChannelQueueAndDeliveryTag() throws {
        let (report, log) = try replay(Self.script(getOk: Self.capturedGetOk))
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
        let (report, log) = try replay(Self.script(getOk: getOk, queue: "orders"))
        #expect(report.connections.first?.failure == nil, "\(report.problems)")
        #expect(report.divergenceCount == 0, "\(report.divergences)")
        #expect(log.contains("1 basic.get queue=orders"), "\(log)")
    }

    @Test func changedFieldsAreReportedAndIgnorable() throws {
        var changed = Self.capturedGetOk
        changed.messageCount = 3
        let (report, _) = try replay(Self.script(getOk: changed, body: "bye"))
        #expect(report.divergences.map(\.field) == ["message-count", "body"])
        let first = try #require(report.divergences.first)
        #expect(first.expected == "3")
        #expect(first.actual == "0")
        #expect(first.request == "basic.get queue=\"amq.gen-CAPTURED\" no-ack=false")
        #expect(first.requestIndex == 3)
        let (ignoring, _) = try replay(Self.script(getOk: changed, body: "bye"), ignore: ["message-count", "body"])
        #expect(ignoring.divergenceCount == 0, "\(ignoring.divergences)")
    }
}
