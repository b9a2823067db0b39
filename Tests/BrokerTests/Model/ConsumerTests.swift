import AMQP
import Testing

@testable import Broker

@Suite("Consumers, acks and requeue")
struct ConsumerTests {
    @Test("Round robin among consumers; consume-ok before the first delivery")
    func roundRobin() throws {
        let f = ModelFixture()
        try f.queue("q")
        for body in ["1", "2", "3", "4", "5"] { try f.publish(body, key: "q") }
        let sink = RecordingSink()
        let channel = f.channel(sink)
        var registeredBeforeDelivery = false
        try f.vhost.consume(queue: "q", on: channel, consumerTag: "a", noAck: false, exclusive: false, arguments: [:]) { tag in
            registeredBeforeDelivery = sink.deliveries.isEmpty && tag == "a"
        }
        #expect(registeredBeforeDelivery)
        #expect(sink.bodies == ["1", "2", "3", "4", "5"])
        #expect(sink.deliveries.map(\.deliveryTag) == [1, 2, 3, 4, 5])

        try f.queue("rr")
        let other = RecordingSink()
        let channel2 = f.channel(other)
        try f.vhost.consume(queue: "rr", on: channel, consumerTag: "c1", noAck: true, exclusive: false, arguments: [:])
        try f.vhost.consume(queue: "rr", on: channel2, consumerTag: "c2", noAck: true, exclusive: false, arguments: [:])
        for body in ["a", "b", "c", "d"] { try f.publish(body, key: "rr") }
        #expect(sink.deliveries.suffix(2).map(\.consumerTag) == ["c1", "c1"])
        #expect(sink.bodies.suffix(2) == ["a", "c"])
        #expect(other.bodies == ["b", "d"])
    }

    @Test("Prefetch per consumer and per channel; acks release credit")
    func prefetch() throws {
        let f = ModelFixture()
        try f.queue("q")
        for body in ["1", "2", "3", "4"] { try f.publish(body, key: "q") }
        let sink = RecordingSink()
        let channel = f.channel(sink)
        channel.qos(prefetchCount: 2, global: false)
        try f.vhost.consume(queue: "q", on: channel, consumerTag: "c", noAck: false, exclusive: false, arguments: [:])
        #expect(sink.bodies == ["1", "2"])
        try channel.ack(deliveryTag: 1, multiple: false)
        #expect(sink.bodies == ["1", "2", "3"])
        try channel.ack(deliveryTag: 3, multiple: true)
        #expect(sink.bodies == ["1", "2", "3", "4"])
        #expect(f.vhost.queue(named: "q")?.unackedCount == 1)

        try f.queue("g")
        for body in ["a", "b", "c"] { try f.publish(body, key: "g") }
        let gsink = RecordingSink()
        let gchannel = f.channel(gsink)
        gchannel.qos(prefetchCount: 1, global: true)
        try f.vhost.consume(queue: "g", on: gchannel, consumerTag: "x", noAck: false, exclusive: false, arguments: [:])
        try f.vhost.consume(queue: "g", on: gchannel, consumerTag: "y", noAck: false, exclusive: false, arguments: [:])
        #expect(gsink.bodies == ["a"])
        try gchannel.ack(deliveryTag: 1, multiple: false)
        #expect(gsink.bodies == ["a", "b"])
        #expect(gchannel.channelUnacked == 1)
    }

    @Test("Requeued messages go back to their place, ahead of newer ones, redelivered")
    func requeueOrder() throws {
        let f = ModelFixture()
        try f.queue("q")
        for body in ["1", "2", "3", "4"] { try f.publish(body, key: "q") }
        let channel = f.channel(RecordingSink())
        var tags: [UInt64] = []
        for _ in 0..<3 { tags.append(try #require(try f.vhost.get(queue: "q", on: channel, noAck: false)).delivery.deliveryTag) }
        try f.publish("5", key: "q")
        // Requeue 3 then 1: both go back ahead of 4 and 5, in their original order.
        try channel.reject(deliveryTag: tags[2], multiple: false, requeue: true)
        try channel.reject(deliveryTag: tags[0], multiple: false, requeue: true)
        #expect(f.ready("q") == ["1", "3", "4", "5"])
        let first = try #require(try f.vhost.get(queue: "q", on: channel, noAck: false))
        #expect(first.delivery.redelivered)
        #expect(first.messageCount == 3)
        // nack multiple requeues everything up to the tag.
        try channel.reject(deliveryTag: first.delivery.deliveryTag, multiple: true, requeue: true)
        #expect(f.ready("q") == ["1", "2", "3", "4", "5"])
        #expect(f.vhost.queue(named: "q")?.readyMessages.map(\.delivered) == [true, true, true, false, false])
    }

    @Test("Unknown delivery tags are 406; multiple with tag 0 acks all")
    func ackErrors() throws {
        let f = ModelFixture()
        try f.queue("q")
        for body in ["1", "2"] { try f.publish(body, key: "q") }
        let channel = f.channel(RecordingSink())
        _ = try f.vhost.get(queue: "q", on: channel, noAck: false)
        _ = try f.vhost.get(queue: "q", on: channel, noAck: false)
        #expect(brokerError { try channel.ack(deliveryTag: 7, multiple: false) } == .preconditionFailed("unknown delivery tag 7"))
        #expect(brokerError { try channel.ack(deliveryTag: 0, multiple: false) } == .preconditionFailed("unknown delivery tag 0"))
        try channel.ack(deliveryTag: 0, multiple: true)
        #expect(channel.unackedCount == 0)
        #expect(brokerError { try channel.ack(deliveryTag: 1, multiple: false) } == .preconditionFailed("unknown delivery tag 1"))
        #expect(try f.vhost.get(queue: "q", on: channel, noAck: true) == nil)
    }

    @Test("Closing a channel requeues its unacked messages to other consumers")
    func channelClose() throws {
        let f = ModelFixture()
        try f.queue("q")
        let firstSink = RecordingSink()
        let first = f.channel(firstSink)
        first.qos(prefetchCount: 1, global: false)
        try f.vhost.consume(queue: "q", on: first, consumerTag: "c1", noAck: false, exclusive: false, arguments: [:])
        try f.publish("m", key: "q")
        try f.publish("n", key: "q")
        let secondSink = RecordingSink()
        let second = f.channel(secondSink)
        second.qos(prefetchCount: 1, global: false)
        try f.vhost.consume(queue: "q", on: second, consumerTag: "c2", noAck: false, exclusive: false, arguments: [:])
        #expect(firstSink.bodies == ["m"])
        #expect(secondSink.bodies == ["n"])
        first.close()
        try second.ack(deliveryTag: 1, multiple: false)
        #expect(secondSink.bodies == ["n", "m"])
        #expect(secondSink.deliveries.last?.redelivered == true)
    }

    @Test("Purge counts ready messages only; declare-ok counts")
    func purgeAndCounts() throws {
        let f = ModelFixture()
        try f.queue("q")
        for body in ["1", "2", "3"] { try f.publish(body, key: "q") }
        let channel = f.channel(RecordingSink())
        _ = try f.vhost.get(queue: "q", on: channel, noAck: false)
        let idle = f.channel(RecordingSink())
        try f.vhost.consume(queue: "q", on: idle, consumerTag: "idle", noAck: false, exclusive: false, arguments: [:])
        // The idle consumer took the rest.
        #expect(try f.queue("q") == QueueDeclareResult(name: "q", messageCount: 0, consumerCount: 1, created: false))
        #expect(idle.unackedCount == 2)
        try f.queue("p")
        for body in ["1", "2", "3"] { try f.publish(body, key: "p") }
        _ = try f.vhost.get(queue: "p", on: channel, noAck: false)
        #expect(try f.vhost.purgeQueue(name: "p", connection: f.connection) == 2)
        try channel.reject(deliveryTag: 2, multiple: false, requeue: true)
        #expect(f.ready("p") == ["1"])
    }

    @Test("Exclusive consumers and consumer tags")
    func exclusiveConsumers() throws {
        let f = ModelFixture()
        try f.queue("q")
        let channel = f.channel(RecordingSink())
        try f.vhost.consume(queue: "q", on: channel, consumerTag: "only", noAck: false, exclusive: true, arguments: [:])
        #expect(brokerError { try f.vhost.consume(queue: "q", on: channel, consumerTag: "two", noAck: false, exclusive: false, arguments: [:]) }
            == .accessRefused("queue 'q' in vhost '/' in exclusive use"))
        #expect(brokerError { try f.vhost.consume(queue: "q", on: channel, consumerTag: "only", noAck: false, exclusive: false, arguments: [:]) }
            == BrokerError(code: .notAllowed, text: "attempt to reuse consumer tag 'only'"))
        try f.queue("shared")
        let generated = try f.vhost.consume(queue: "shared", on: channel, consumerTag: "", noAck: false, exclusive: false, arguments: [:])
        #expect(generated.hasPrefix("amq.ctag-") && generated.count == "amq.ctag-".count + 22)
        #expect(brokerError { try f.vhost.consume(queue: "shared", on: channel, consumerTag: "ex", noAck: false, exclusive: true, arguments: [:]) }
            == .accessRefused("queue 'shared' in vhost '/' in exclusive use"))
    }
}
