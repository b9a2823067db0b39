import AMQP
import Testing

@testable import Broker

@Suite("Dead-lettering and x-death")
struct DeadLetterTests {
    func fixture() throws -> ModelFixture {
        let f = ModelFixture()
        try f.vhost.declareExchange(name: "dlx", type: "fanout", durable: false, autoDelete: false, internal: false, arguments: [:])
        try f.queue("dead")
        try f.vhost.bindQueue("dead", to: "dlx", routingKey: "", arguments: [:], connection: f.connection)
        return f
    }

    @Test("Rejected without requeue: x-death as RabbitMQ 3.10 writes it, x-first-death-*, original routing keys")
    func rejected() throws {
        let f = try fixture()
        try f.queue("work", arguments: ["x-dead-letter-exchange": .string("dlx")])
        try f.vhost.bindQueue("work", to: "amq.direct", routingKey: "job", arguments: [:], connection: f.connection)
        try f.publish("m", exchange: "amq.direct", key: "job", properties: BasicProperties(headers: ["app": .string("x")], expiration: "60000"))
        let sink = RecordingSink()
        let channel = f.channel(sink)
        let got = try #require(try f.vhost.get(queue: "work", on: channel, noAck: false))
        try channel.reject(deliveryTag: got.delivery.deliveryTag, multiple: false, requeue: false)

        let dead = try #require(f.vhost.queue(named: "dead")?.readyMessages.first?.message)
        #expect(dead.exchange == "dlx")
        #expect(dead.routingKeys == ["job"])
        #expect(dead.properties.expiration == nil)
        let headers = try #require(dead.properties.headers)
        #expect(headers.entries.map(\.name) == ["app", "x-death", "x-first-death-exchange", "x-first-death-queue", "x-first-death-reason"])
        #expect(headers["x-first-death-reason"] == .string("rejected"))
        #expect(headers["x-first-death-queue"] == .string("work"))
        #expect(headers["x-first-death-exchange"] == .string("amq.direct"))
        let seconds = UInt64(f.clock.nowMilliseconds / 1000)
        let expected = FieldTable([
            .init(name: "count", value: .int64(1)), .init(name: "reason", value: .string("rejected")),
            .init(name: "queue", value: .string("work")), .init(name: "time", value: .timestamp(seconds)),
            .init(name: "exchange", value: .string("amq.direct")), .init(name: "routing-keys", value: .array([.string("job")])),
            .init(name: "original-expiration", value: .string("60000")),
        ])
        #expect(headers["x-death"] == .array([.table(expected)]))
    }

    @Test("A second death in the same queue for the same reason counts up and moves first; a new one is prepended")
    func counting() throws {
        let f = try fixture()
        try f.queue("work", arguments: ["x-dead-letter-exchange": .string(""), "x-dead-letter-routing-key": .string("work2")])
        try f.queue("work2", arguments: ["x-dead-letter-exchange": .string(""), "x-dead-letter-routing-key": .string("work")])
        let sink = RecordingSink()
        let channel = f.channel(sink)
        try f.publish("m", key: "work")
        for queue in ["work", "work2", "work"] {
            let got = try #require(try f.vhost.get(queue: queue, on: channel, noAck: false))
            try channel.reject(deliveryTag: got.delivery.deliveryTag, multiple: false, requeue: false)
        }
        let message = try #require(f.vhost.queue(named: "work2")?.readyMessages.first?.message)
        guard case .array(let deaths)? = message.properties.headers?["x-death"] else {
            Issue.record("no x-death")
            return
        }
        #expect(deaths.count == 2)
        guard case .table(let first) = deaths[0], case .table(let second) = deaths[1] else {
            Issue.record("x-death entries are not tables")
            return
        }
        #expect(first["queue"] == .string("work"))
        #expect(first["count"] == .int64(2))
        // An updated entry is stored sorted by name.
        #expect(first.entries.map(\.name) == ["count", "exchange", "queue", "reason", "routing-keys", "time"])
        #expect(second["queue"] == .string("work2"))
        #expect(second["count"] == .int64(1))
        #expect(message.properties.headers?["x-first-death-queue"] == .string("work"))
    }

    @Test("Expired messages dead-letter; an automatic cycle back to the queue is dropped")
    func expiredAndCycles() throws {
        let f = try fixture()
        try f.queue("ttl", arguments: ["x-message-ttl": .int32(100), "x-dead-letter-exchange": .string("dlx")])
        try f.publish("m", key: "ttl")
        f.clock.advance(by: 100)
        f.vhost.runTimers()
        #expect(f.ready("dead") == ["m"])
        #expect(f.vhost.queue(named: "dead")?.readyMessages.first?.message.properties.headers?["x-first-death-reason"] == .string("expired"))

        // A queue that dead-letters to itself on expiry: the copy is dropped, not looped.
        try f.queue("loop", arguments: ["x-message-ttl": .int32(10), "x-dead-letter-exchange": .string("")])
        try f.publish("again", key: "loop")
        f.clock.advance(by: 10)
        f.vhost.runTimers()
        #expect(f.ready("loop") == [])
        // The same through rejection is allowed (a client acted).
        try f.queue("rloop", arguments: ["x-dead-letter-exchange": .string("")])
        try f.publish("r", key: "rloop")
        let channel = f.channel(RecordingSink())
        let got = try #require(try f.vhost.get(queue: "rloop", on: channel, noAck: false))
        try channel.reject(deliveryTag: got.delivery.deliveryTag, multiple: false, requeue: false)
        #expect(f.ready("rloop") == ["r"])
    }

    @Test("A dead-letter routing key replaces the keys and drops CC; a missing DLX drops the message")
    func routingKeyAndMissingExchange() throws {
        let f = try fixture()
        try f.queue("target")
        try f.queue("src", arguments: ["x-dead-letter-exchange": .string(""), "x-dead-letter-routing-key": .string("target")])
        try f.publish("m", key: "src", properties: BasicProperties(headers: ["CC": .array([.string("elsewhere")])]))
        #expect(try f.drain("src").isEmpty == false)
        try f.publish("n", key: "src", properties: BasicProperties(headers: ["CC": .array([.string("elsewhere")])]))
        let channel = f.channel(RecordingSink())
        let got = try #require(try f.vhost.get(queue: "src", on: channel, noAck: false))
        try channel.reject(deliveryTag: got.delivery.deliveryTag, multiple: false, requeue: false)
        let dead = try #require(f.vhost.queue(named: "target")?.readyMessages.first?.message)
        #expect(dead.routingKeys == ["target"])
        #expect(dead.properties.headers?["CC"] == nil)
        guard case .table(let death)? = dead.properties.headers?["x-death"].flatMap({ value -> FieldValue? in
            if case .array(let items) = value { return items.first }
            return nil
        }) else {
            Issue.record("no x-death entry")
            return
        }
        #expect(death["routing-keys"] == .array([.string("src"), .string("elsewhere")]))

        try f.queue("orphan", arguments: ["x-dead-letter-exchange": .string("no-such-exchange")])
        try f.publish("o", key: "orphan")
        let o = try #require(try f.vhost.get(queue: "orphan", on: channel, noAck: false))
        try channel.reject(deliveryTag: o.delivery.deliveryTag, multiple: false, requeue: false)
        #expect(f.ready("orphan") == [])
    }
}
