import AMQP
import Capture
import Testing

/// Methods one side sent and the other did not: the target's beyond the capture's, the
/// capture's the target never sent, and a channel the target closed where the capture went on.
@Suite struct AMQPUnmatchedMethodTests {
    /// A consumer on channel 5 (replayed on 1) that got one delivery (no-ack, so nothing waits
    /// for its tag).
    static var consumer: ConversationScript { consumerWithOneDelivery(noAck: true).closed }

    static func consumerWithOneDelivery(noAck: Bool) -> AMQPConversationScript {
        var s = AMQPConversationScript()
        s.client(5, .channel(.open()))
        s.server(5, .channel(.openOk()))
        s.client(5, .basic(.consume(.init(queue: "orders", noAck: noAck))))
        s.server(5, .basic(.consumeOk(consumerTag: "amq.ctag-CAPTURED")))
        s.server(5, .basic(.deliver(.init(consumerTag: "amq.ctag-CAPTURED", deliveryTag: 1, exchange: "", routingKey: "orders"))), body: "hello")
        return s
    }

    /// The one divergence: the captured delivery, which the target never sent.
    static func expectMissingDelivery(_ report: ReplayReport) throws {
        #expect(report.connections.first?.failure == nil, "\(report.problems)")
        #expect(report.divergenceCount == 1, "\(report.divergences)")
        let missing = try #require(report.divergences.first)
        #expect(missing.field == "method")
        #expect(missing.expected.hasPrefix("basic.deliver consumer-tag=\"amq.ctag-1\" delivery-tag=1"), "\(missing.expected)")
        #expect(missing.actual == "(absent)")
    }

    @Test func aDeliveryBeyondTheCapturedOnesIsReported() throws {
        let (report, _) = try AMQPReplayTests.replay(Self.consumer, deliveries: 2)
        #expect(report.connections.first?.failure == nil, "\(report.problems)")
        #expect(report.divergenceCount == 1, "\(report.divergences)")
        let extra = try #require(report.divergences.first)
        #expect(extra.field == "method")
        #expect(extra.expected == "(absent)")
        #expect(extra.actual.hasPrefix("basic.deliver consumer-tag=\"amq.ctag-1\" delivery-tag=2"), "\(extra.actual)")
        #expect(extra.request.hasPrefix("basic.consume"))
    }

    /// The replay waits for it up to the reply timeout (kept short here), then closes; once
    /// the target's close-ok is in, it cannot come any more.
    @Test func aCapturedDeliveryTheTargetNeverSentIsReported() throws {
        let (report, log) = try AMQPReplayTests.replay(Self.consumer, deliveries: 0, replyTimeout: 1)
        try Self.expectMissingDelivery(report)
        #expect(log.last == "0 connection.close ")
    }

    /// A consumer that acks: the ack names a tag the target never gave. Once the reply timeout
    /// runs out the ack is dropped (the target would close the channel for an unknown tag),
    /// what follows goes on, and the missing delivery is the one divergence.
    @Test func aCapturedDeliveryTheClientAckedButTheTargetNeverSentIsReported() throws {
        var s = Self.consumerWithOneDelivery(noAck: false)
        s.client(5, .basic(.ack(deliveryTag: 1)))
        s.client(5, .channel(.close(.init(replyCode: 200, replyText: "bye"))))
        s.server(5, .channel(.closeOk))
        let (report, log) = try AMQPReplayTests.replay(s.closed, deliveries: 0, replyTimeout: 1)
        try Self.expectMissingDelivery(report)
        #expect(report.repliesCompared == 3)  // open-ok, consume-ok, close-ok
        #expect(!log.contains { $0.hasPrefix("1 basic.ack") }, "\(log)")
        #expect(log.contains("1 channel.close "), "\(log)")
        #expect(log.last == "0 connection.close ")
    }

    @Test func missingAndExtraMethodsAreIgnorableByName() throws {
        let (missing, _) = try AMQPReplayTests.replay(Self.consumer, ignore: ["basic.deliver"], deliveries: 0, replyTimeout: 1)
        #expect(missing.divergenceCount == 0, "\(missing.divergences)")
        let (extra, _) = try AMQPReplayTests.replay(Self.consumer, ignore: ["method"], deliveries: 2)
        #expect(extra.divergenceCount == 0, "\(extra.divergences)")
        #expect(extra.repliesIgnored == 1)
    }

    /// The capture declared `ghost` passively and went on using channel 1, then closed and
    /// reopened it; the target answers 404 and closes the channel at the declare.
    @Test func aChannelTheTargetClosedGivesOneDivergence() throws {
        var s = AMQPConversationScript()
        s.client(1, .channel(.open()))
        s.server(1, .channel(.openOk()))
        s.client(1, .queue(.declare(.init(queue: "ghost", passive: true))))
        s.server(1, .queue(.declareOk(.init(queue: "ghost"))))
        s.client(1, .basic(.get(.init(queue: "ghost"))))
        s.server(1, .basic(.getEmpty()))
        s.client(1, .queue(.declare(.init(queue: "ghost", passive: true))))
        s.server(1, .queue(.declareOk(.init(queue: "ghost"))))
        s.client(1, .channel(.close(.init(replyCode: 200, replyText: "bye"))))
        s.server(1, .channel(.closeOk))
        // Opened again: compared as usual.
        s.client(1, .channel(.open()))
        s.server(1, .channel(.openOk()))
        s.client(1, .queue(.declare(.init(queue: ""))))
        s.server(1, .queue(.declareOk(.init(queue: "amq.gen-CAPTURED", messageCount: 1))))
        let (report, log) = try AMQPReplayTests.replay(s.closed, replyTimeout: 2)
        #expect(report.connections.first?.failure == nil, "\(report.problems)")
        #expect(report.divergenceCount == 1, "\(report.divergences)")
        let closed = try #require(report.divergences.first)
        #expect(closed.field == "method")
        #expect(closed.expected.hasPrefix("queue.declare_ok queue=\"ghost\""), "\(closed.expected)")
        #expect(closed.actual.hasPrefix("channel.close reply-code=404"), "\(closed.actual)")
        #expect(closed.requestIndex == 2)
        // What was pipelined after the declare the broker ignored; the channel was opened again
        // only after the replay's close-ok, and compared as usual.
        let closeOk = try #require(log.firstIndex(of: "1 channel.close_ok "), "\(log)")
        let opens = log.indices.filter { log[$0] == "1 channel.open " }
        #expect(opens.count == 2 && opens[1] > closeOk, "\(log)")
        #expect(report.repliesCompared == 4)  // open-ok, declare-ok against close, open-ok, declare-ok
    }

    @Test func aConnectionTheTargetClosedGivesOneDivergence() throws {
        var s = AMQPConversationScript()
        s.client(1, .channel(.open()))
        s.server(1, .channel(.openOk()))
        s.client(1, .queue(.declare(.init(queue: "kill-connection"))))
        s.server(1, .queue(.declareOk(.init(queue: "kill-connection", messageCount: 1))))
        s.client(1, .basic(.get(.init(queue: "kill-connection"))))
        s.server(1, .basic(.getEmpty()))
        let (report, _) = try AMQPReplayTests.replay(s.closed, replyTimeout: 2)
        #expect(report.divergenceCount == 1, "\(report.divergences)")
        let closed = try #require(report.divergences.first)
        #expect(closed.field == "method")
        #expect(closed.expected == "(absent)")
        #expect(closed.actual.hasPrefix("connection.close reply-code=320"), "\(closed.actual)")
        // The rest of the capture could not be replayed: the connection says so.
        #expect(report.connections.first?.failure?.contains("closed the connection: 320") == true, "\(report.problems)")
    }
}
