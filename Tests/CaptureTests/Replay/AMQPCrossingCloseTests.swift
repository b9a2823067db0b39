import AMQP
import Capture
import NIOCore
import Testing

/// A close from the target that reaches the session before the captured server messages it
/// stands against (the reading thread hands those over in batches), and client commands
/// the capture shows after a close.
@Suite struct AMQPCrossingCloseTests {
    static let ghostClose = CloseReason(replyCode: 404, replyText: "NOT_FOUND - no queue 'ghost'", classID: 50, methodID: 10)
    static let forcedClose = CloseReason(replyCode: 320, replyText: "CONNECTION_FORCED - test", classID: 50, methodID: 10)

    /// A channel opened and a passive declare of `ghost`, the capture paused after it.
    static var declaredGhost: AMQPConversationScript {
        var s = AMQPConversationScript()
        s.client(1, .channel(.open()))
        s.server(1, .channel(.openOk()))
        s.client(1, .queue(.declare(.init(queue: "ghost", passive: true))))
        s.pause()
        return s
    }

    /// The capture's server closed the channel too, but that close arrives after the target's:
    /// they match, and the channel opened again is compared as usual.
    @Test func aChannelCloseBeforeTheCapturedOneMatchesIt() throws {
        var s = Self.declaredGhost
        s.server(1, .channel(.close(Self.ghostClose)))
        s.client(1, .channel(.closeOk))
        s.client(1, .channel(.open()))
        s.server(1, .channel(.openOk()))
        let run = try AMQPSessionHarness.replay(s, waitingFor: ["1 channel.close_ok "])
        #expect(run.report.failure == nil, "\(run.problems)")
        #expect(run.report.divergences == 0, "\(run.divergences)")
        #expect(run.report.repliesCompared == 3)  // open-ok, close, open-ok
        // The replay answered the target's close itself; the captured close-ok is not sent again.
        #expect(run.log.count { $0 == "1 channel.close_ok " } == 1, "\(run.log)")
        #expect(run.log.count { $0 == "1 channel.open " } == 2, "\(run.log)")
        #expect(run.settled == run.clientMessages)
    }

    /// The capture had a declare-ok where the target closed the channel: decided when the
    /// declare-ok arrives, one divergence against it, then the channel is cut off.
    @Test func aChannelCloseBeforeTheCapturedReplyIsSetAgainstIt() throws {
        var s = Self.declaredGhost
        s.server(1, .queue(.declareOk(.init(queue: "ghost"))))
        s.client(1, .basic(.get(.init(queue: "ghost"))))
        s.server(1, .basic(.getEmpty()))
        s.client(1, .channel(.close(.init(replyCode: 200, replyText: "bye"))))
        s.server(1, .channel(.closeOk))
        s.client(1, .channel(.open()))
        s.server(1, .channel(.openOk()))
        let run = try AMQPSessionHarness.replay(s, waitingFor: ["1 channel.close_ok "])
        #expect(run.report.failure == nil, "\(run.problems)")
        #expect(run.report.divergences == 1, "\(run.divergences)")
        let closed = try #require(run.divergences.first)
        #expect(closed.field == "method")
        #expect(closed.expected.hasPrefix("queue.declare_ok queue=\"ghost\""), "\(closed.expected)")
        #expect(closed.actual.hasPrefix("channel.close reply-code=404"), "\(closed.actual)")
        #expect(closed.requestIndex == 2)
        #expect(run.report.repliesCompared == 3)  // open-ok, declare-ok against close, open-ok
        #expect(!run.log.contains { $0.hasPrefix("1 basic.get") }, "\(run.log)")
        #expect(run.log.count { $0 == "1 channel.open " } == 2, "\(run.log)")
    }

    /// The capture's server closed the connection too, after the target did.
    @Test func aConnectionCloseBeforeTheCapturedOneMatchesIt() throws {
        var s = AMQPConversationScript()
        s.client(1, .channel(.open()))
        s.server(1, .channel(.openOk()))
        s.client(1, .queue(.declare(.init(queue: "kill-connection"))))
        s.pause()
        s.server(0, .connection(.close(Self.forcedClose)))
        s.client(0, .connection(.closeOk))
        let run = try AMQPSessionHarness.replay(s, closed: false, waitingFor: ["0 connection.close_ok "])
        #expect(run.report.failure == nil, "\(run.problems)")
        #expect(run.report.divergences == 0, "\(run.divergences)")
        #expect(run.settled == run.clientMessages)
    }

    /// A publisher's frames crossed the server's close: the capture shows them after it. The
    /// ack waiting for a delivery the target never sent is dropped at the close; the publishes
    /// arrive once the connection is closed. Neither may keep the connection (or the reading
    /// thread, which waits for client messages to be settled) waiting.
    @Test func clientCommandsAfterAMatchingConnectionCloseAreSettled() throws {
        var s = AMQPUnmatchedMethodTests.consumerWithOneDelivery(noAck: false)
        s.client(5, .queue(.declare(.init(queue: "kill-connection"))))
        s.server(0, .connection(.close(Self.forcedClose)))
        s.client(5, .basic(.ack(deliveryTag: 1)))
        s.pause()
        for _ in 0..<3 { s.client(5, .basic(.publish(.init(routingKey: "orders")))) }
        s.client(0, .connection(.closeOk))
        let run = try AMQPSessionHarness.replay(s, closed: false, waitingFor: ["0 connection.close_ok "], deliveries: 0, replyTimeout: 1)
        #expect(run.report.failure == nil, "\(run.problems)")
        #expect(run.settled == run.clientMessages)
        // The delivery the target never sent is the one divergence.
        #expect(run.report.divergences == 1, "\(run.divergences)")
        #expect(run.divergences.first?.expected.hasPrefix("basic.deliver") == true, "\(run.divergences)")
        #expect(!run.log.contains { $0.hasPrefix("1 basic.ack") || $0.hasPrefix("1 basic.publish") }, "\(run.log)")
    }
}
