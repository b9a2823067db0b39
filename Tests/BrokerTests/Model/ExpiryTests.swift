import AMQP
import Testing

@testable import Broker

@Suite("Message TTL and queue expiry (manual clock)")
struct ExpiryTests {
    @Test("x-message-ttl drops messages once their time is up")
    func queueTTL() throws {
        let f = ModelFixture()
        try f.queue("q", arguments: ["x-message-ttl": .int32(1000)])
        try f.publish("a", key: "q")
        f.clock.advance(by: 500)
        try f.publish("b", key: "q")
        #expect(f.vhost.nextDeadline == f.clock.nowMilliseconds + 500)
        f.clock.advance(by: 500)
        f.vhost.runTimers()
        #expect(f.ready("q") == ["b"])
        f.clock.advance(by: 499)
        #expect(try f.vhost.declareQueuePassive(name: "q", connection: f.connection).messageCount == 1)
        f.clock.advance(by: 1)
        #expect(try f.vhost.declareQueuePassive(name: "q", connection: f.connection).messageCount == 0)
        #expect(f.vhost.nextDeadline == nil)
    }

    @Test("Per-message expiration only leaves from the head, as RabbitMQ does")
    func headOfQueue() throws {
        let f = ModelFixture()
        try f.queue("q")
        try f.publish("long", key: "q", properties: BasicProperties(expiration: "10000"))
        try f.publish("short", key: "q", properties: BasicProperties(expiration: "100"))
        f.clock.advance(by: 200)
        f.vhost.runTimers()
        // The short one is expired but sits behind a live one.
        #expect(f.ready("q") == ["long", "short"])
        #expect(try f.drain("q") == ["long"])
    }

    @Test("The smaller of queue TTL and message expiration applies; TTL 0 without consumers drops at once")
    func smallerTTL() throws {
        let f = ModelFixture()
        try f.queue("q", arguments: ["x-message-ttl": .int64(5000)])
        try f.publish("m", key: "q", properties: BasicProperties(expiration: "50"))
        #expect(f.vhost.queue(named: "q")?.readyMessages.first?.expiresAt == f.clock.nowMilliseconds + 50)
        try f.queue("zero", arguments: ["x-message-ttl": .int32(0)])
        try f.publish("gone", key: "zero")
        #expect(f.ready("zero") == [])
        // With a consumer waiting, a TTL 0 message is still delivered.
        let sink = RecordingSink()
        let channel = f.channel(sink)
        try f.vhost.consume(queue: "zero", on: channel, consumerTag: "c", noAck: true, exclusive: false, arguments: [:])
        try f.publish("kept", key: "zero")
        #expect(sink.bodies == ["kept"])
        // Closing the channel removes its consumer.
        channel.close()
        #expect(f.vhost.queue(named: "zero")?.consumerCount == 0)
    }

    @Test("Expiration property parsing and its 406 texts")
    func expirationParsing() throws {
        #expect(try Message.parseExpiration(nil) == nil)
        #expect(try Message.parseExpiration("60000") == 60000)
        #expect(try Message.parseExpiration("+5") == 5)
        #expect(brokerError { _ = try Message.parseExpiration("abc") } == .preconditionFailed("invalid expiration 'abc': no_integer"))
        #expect(brokerError { _ = try Message.parseExpiration("10s") } == .preconditionFailed("invalid expiration '10s': {leftover_string,\"s\"}"))
        #expect(brokerError { _ = try Message.parseExpiration("-1") } == .preconditionFailed("invalid expiration '-1': {value_negative,-1}"))
        #expect(brokerError { _ = try Message.parseExpiration("315360000001") }
            == .preconditionFailed("invalid expiration '315360000001': {value_too_large,315360000001}"))
    }

    @Test("x-expires deletes an unused queue; consumers and use keep it")
    func queueExpiry() throws {
        let f = ModelFixture()
        try f.queue("q", arguments: ["x-expires": .int32(1000)])
        f.clock.advance(by: 900)
        try f.vhost.declareQueuePassive(name: "q", connection: f.connection)
        f.clock.advance(by: 900)
        f.vhost.runTimers()
        #expect(f.vhost.queue(named: "q") != nil)
        let sink = RecordingSink()
        let channel = f.channel(sink)
        try f.vhost.consume(queue: "q", on: channel, consumerTag: "c", noAck: false, exclusive: false, arguments: [:])
        f.clock.advance(by: 5000)
        f.vhost.runTimers()
        #expect(f.vhost.queue(named: "q") != nil)
        channel.cancel(consumerTag: "c")
        f.clock.advance(by: 999)
        f.vhost.runTimers()
        #expect(f.vhost.queue(named: "q") != nil)
        f.clock.advance(by: 1)
        f.vhost.runTimers()
        #expect(f.vhost.queue(named: "q") == nil)
    }
}
