import AMQP
import Testing

@testable import Broker

@Suite("Declare, delete and bind: equivalence and error texts")
struct DeclareTests {
    @Test("Exchange redeclare equivalence texts")
    func exchangeEquivalence() throws {
        let f = ModelFixture()
        try f.vhost.declareExchange(name: "x", type: "direct", durable: false, autoDelete: false, internal: false, arguments: [:])
        #expect(brokerError { try f.vhost.declareExchange(name: "x", type: "fanout", durable: false, autoDelete: false, internal: false, arguments: [:]) }
            == .preconditionFailed("inequivalent arg 'type' for exchange 'x' in vhost '/': received 'fanout' but current is 'direct'"))
        #expect(brokerError { try f.vhost.declareExchange(name: "x", type: "direct", durable: true, autoDelete: false, internal: false, arguments: [:]) }
            == .preconditionFailed("inequivalent arg 'durable' for exchange 'x' in vhost '/': received 'true' but current is 'false'"))
        #expect(brokerError { try f.vhost.declareExchange(name: "x", type: "direct", durable: false, autoDelete: true, internal: false, arguments: [:]) }
            == .preconditionFailed("inequivalent arg 'auto_delete' for exchange 'x' in vhost '/': received 'true' but current is 'false'"))
        #expect(brokerError { try f.vhost.declareExchange(name: "x", type: "direct", durable: false, autoDelete: false, internal: true, arguments: [:]) }
            == .preconditionFailed("inequivalent arg 'internal' for exchange 'x' in vhost '/': received 'true' but current is 'false'"))
        #expect(brokerError { try f.vhost.declareExchange(name: "x", type: "direct", durable: false, autoDelete: false, internal: false, arguments: ["alternate-exchange": .string("ae")]) }
            == .preconditionFailed("inequivalent arg 'alternate-exchange' for exchange 'x' in vhost '/': received the value 'ae' of type 'longstr' but current is none"))
        // Other arguments are not compared.
        try f.vhost.declareExchange(name: "x", type: "direct", durable: false, autoDelete: false, internal: false, arguments: ["other": .int32(1)])
        #expect(brokerError { try f.vhost.declareExchange(name: "x", type: "nope", durable: false, autoDelete: false, internal: false, arguments: [:]) }
            == BrokerError(code: .commandInvalid, text: "unknown exchange type 'nope'"))
    }

    @Test("Exchange declare/delete refusals")
    func exchangeRefusals() throws {
        let f = ModelFixture()
        #expect(brokerError { try f.vhost.declareExchange(name: "", type: "direct", durable: true, autoDelete: false, internal: false, arguments: [:]) }
            == .accessRefused("operation not permitted on the default exchange"))
        #expect(brokerError { try f.vhost.declareExchange(name: "amq.mine", type: "direct", durable: true, autoDelete: false, internal: false, arguments: [:]) }
            == .accessRefused("exchange name 'amq.mine' contains reserved prefix 'amq.*'"))
        // Redeclaring an existing amq. exchange equivalently is fine.
        try f.vhost.declareExchange(name: "amq.direct", type: "direct", durable: true, autoDelete: false, internal: false, arguments: [:])
        #expect(brokerError { try f.vhost.declareExchangePassive(name: "x") } == .notFound("no exchange 'x' in vhost '/'"))
        #expect(brokerError { try f.vhost.deleteExchange(name: "amq.direct", ifUnused: false) }
            == .accessRefused("deletion of system exchange 'amq.direct' in vhost '/' not allowed"))
        #expect(brokerError { try f.vhost.deleteExchange(name: "", ifUnused: false) } == .accessRefused("operation not permitted on the default exchange"))
        try f.vhost.deleteExchange(name: "never-was", ifUnused: true)
        try f.vhost.declareExchange(name: "used", type: "fanout", durable: false, autoDelete: false, internal: false, arguments: [:])
        try f.queue("q")
        try f.vhost.bindQueue("q", to: "used", routingKey: "", arguments: [:], connection: f.connection)
        #expect(brokerError { try f.vhost.deleteExchange(name: "used", ifUnused: true) } == .preconditionFailed("exchange 'used' in vhost '/' in use"))
        #expect(brokerError { try f.vhost.declareExchange(name: "bad-ae", type: "direct", durable: false, autoDelete: false, internal: false, arguments: ["alternate-exchange": .int32(1)]) }
            == .preconditionFailed("invalid type 'signedint' for arg 'alternate-exchange' in exchange 'bad-ae' in vhost '/'"))
        var authorized: [String] = []
        try f.vhost.declareExchange(name: "with-ae", type: "direct", durable: false, autoDelete: false, internal: false, arguments: ["alternate-exchange": .string("ae")]) { authorized.append($0) }
        #expect(authorized == ["ae"])
    }

    @Test("Queue redeclare equivalence, passive, delete texts")
    func queueEquivalence() throws {
        let f = ModelFixture()
        try f.queue("q", arguments: ["x-message-ttl": .int32(1000)])
        #expect(brokerError { try f.queue("q", arguments: ["x-message-ttl": .int32(1000)], durable: true) }
            == .preconditionFailed("inequivalent arg 'durable' for queue 'q' in vhost '/': received 'true' but current is 'false'"))
        #expect(brokerError { try f.queue("q", arguments: ["x-message-ttl": .int32(2000)]) }
            == .preconditionFailed("inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': received '2000' but current is '1000'"))
        #expect(brokerError { try f.queue("q") }
            == .preconditionFailed("inequivalent arg 'x-message-ttl' for queue 'q' in vhost '/': received none but current is the value '1000' of type 'signedint'"))
        // Integer widths are one type class; x-queue-type=classic equals none.
        try f.queue("q", arguments: ["x-message-ttl": .int64(1000), "x-queue-type": .string("classic")])
        #expect(brokerError { try f.vhost.declareQueuePassive(name: "none", connection: f.connection) } == .notFound("no queue 'none' in vhost '/'"))
        #expect(try f.vhost.deleteQueue(name: "none", ifUnused: false, ifEmpty: false, connection: f.connection) == 0)
        try f.publish("m", key: "q")
        #expect(brokerError { try f.vhost.deleteQueue(name: "q", ifUnused: true, ifEmpty: true, connection: f.connection) }
            == .preconditionFailed("queue 'q' in vhost '/' not empty"))
        let channel = f.channel(RecordingSink())
        try f.vhost.consume(queue: "q", on: channel, consumerTag: "c", noAck: false, exclusive: false, arguments: [:])
        #expect(brokerError { try f.vhost.deleteQueue(name: "q", ifUnused: true, ifEmpty: false, connection: f.connection) }
            == .preconditionFailed("queue 'q' in vhost '/' in use"))
        withExtendedLifetime(channel) {}
        #expect(brokerError { _ = try f.vhost.resolveQueueName("amq.q") } == .accessRefused("queue name 'amq.q' contains reserved prefix 'amq.*'"))
    }

    @Test("Queue argument validation texts of check_declare_arguments")
    func argumentValidation() {
        let f = ModelFixture()
        let cases: [(FieldTable, String)] = [
            (["x-message-ttl": .string("1000")], "invalid arg 'x-message-ttl' for queue 'q' in vhost '/': \"expected integer, got longstr\""),
            (["x-message-ttl": .int32(-1)], "invalid arg 'x-message-ttl' for queue 'q' in vhost '/': {value_negative,-1}"),
            (["x-expires": .int32(0)], "invalid arg 'x-expires' for queue 'q' in vhost '/': {value_zero,0}"),
            (["x-max-length": .int64(-5)], "invalid arg 'x-max-length' for queue 'q' in vhost '/': {value_negative,-5}"),
            (["x-max-length": .double(1.5)], "invalid arg 'x-max-length' for queue 'q' in vhost '/': \"expected integer, got double\""),
            (["x-overflow": .string("drop-tail")], "invalid arg 'x-overflow' for queue 'q' in vhost '/': invalid_overflow"),
            (["x-overflow": .int8(1)], "invalid arg 'x-overflow' for queue 'q' in vhost '/': {unacceptable_type,byte}"),
            (["x-dead-letter-routing-key": .string("k")], "invalid arg 'x-dead-letter-routing-key' for queue 'q' in vhost '/': routing_key_but_no_dlx_defined"),
            (["x-max-priority": .int32(256)], "invalid arg 'x-max-priority' for queue 'q' in vhost '/': {max_value_exceeded,256}"),
            (["x-queue-mode": .string("fast")], "invalid arg 'x-queue-mode' for queue 'q' in vhost '/': \"unsupported queue mode 'fast'\""),
            (["x-queue-type": .string("weird")], "invalid arg 'x-queue-type' for queue 'q' in vhost '/': \"unsupported queue type 'weird'\""),
            (["x-single-active-consumer": .string("yes")], "invalid arg 'x-single-active-consumer' for queue 'q' in vhost '/': {unacceptable_type,longstr}"),
            (["x-max-age": .string("1D")], "invalid arg 'x-max-age' for queue 'q' in vhost '/' of queue type rabbit_classic_queue"),
            (["x-dead-letter-exchange": .int32(1)], "invalid type 'signedint' for arg 'x-dead-letter-exchange' in queue 'q' in vhost '/'"),
        ]
        for (arguments, text) in cases {
            #expect(brokerError { try f.queue("q", arguments: arguments) } == .preconditionFailed(text))
        }
        #expect(f.vhost.queue(named: "q") == nil)
    }

    @Test("Exclusive queues: other connections get 405; closing the owner deletes them")
    func exclusiveLifecycle() throws {
        let f = ModelFixture()
        let other = ConnectionID(2)
        try f.vhost.declareQueue(name: "mine", durable: true, exclusive: true, autoDelete: false, arguments: [:], connection: f.connection)
        #expect(f.vhost.queue(named: "mine")?.durable == false)
        let locked = BrokerError.resourceLocked(
            "cannot obtain exclusive access to locked queue 'mine' in vhost '/'. It could be originally declared on another connection or the exclusive property value does not match that of the original declaration.")
        #expect(brokerError { try f.vhost.declareQueue(name: "mine", durable: false, exclusive: true, autoDelete: false, arguments: [:], connection: other) } == locked)
        #expect(brokerError { try f.vhost.declareQueue(name: "mine", durable: false, exclusive: false, autoDelete: false, arguments: [:], connection: f.connection) } == locked)
        #expect(brokerError { try f.vhost.declareQueuePassive(name: "mine", connection: other) } == locked)
        #expect(brokerError { _ = try f.vhost.purgeQueue(name: "mine", connection: other) } == locked)
        #expect(brokerError { try f.vhost.bindQueue("mine", to: "amq.direct", routingKey: "", arguments: [:], connection: other) } == locked)
        #expect(brokerError { try f.vhost.deleteQueue(name: "mine", ifUnused: false, ifEmpty: false, connection: other) } == locked)
        try f.vhost.declareQueuePassive(name: "mine", connection: f.connection)
        try f.vhost.declareQueue(name: "mine", durable: true, exclusive: true, autoDelete: false, arguments: [:], connection: f.connection)
        f.vhost.connectionClosed(other)
        #expect(f.vhost.queue(named: "mine") != nil)
        f.vhost.connectionClosed(f.connection)
        #expect(f.vhost.queue(named: "mine") == nil)
    }

    @Test("Auto-delete queues go with their last consumer, only after having one; consumers elsewhere are cancelled")
    func autoDeleteQueue() throws {
        let f = ModelFixture()
        try f.queue("ad", autoDelete: true)
        try f.vhost.bindQueue("ad", to: "amq.fanout", routingKey: "", arguments: [:], connection: f.connection)
        let sink = RecordingSink()
        let channel = f.channel(sink)
        try f.vhost.consume(queue: "ad", on: channel, consumerTag: "a", noAck: false, exclusive: false, arguments: [:])
        try f.vhost.consume(queue: "ad", on: channel, consumerTag: "b", noAck: false, exclusive: false, arguments: [:])
        channel.cancel(consumerTag: "a")
        #expect(f.vhost.queue(named: "ad") != nil)
        channel.cancel(consumerTag: "b")
        #expect(f.vhost.queue(named: "ad") == nil)
        #expect(f.vhost.bindings.isEmpty)

        try f.queue("plain")
        let watcher = RecordingSink()
        let watching = f.channel(watcher)
        try f.vhost.consume(queue: "plain", on: watching, consumerTag: "w", noAck: false, exclusive: false, arguments: [:])
        try f.vhost.deleteQueue(name: "plain", ifUnused: false, ifEmpty: false, connection: f.connection)
        #expect(watcher.cancelled == ["w"])
        #expect(watching.consumerTags.isEmpty)
    }

    @Test("Auto-delete exchanges go with their last source binding, also when a destination goes")
    func autoDeleteExchange() throws {
        let f = ModelFixture()
        try f.vhost.declareExchange(name: "ax", type: "fanout", durable: false, autoDelete: true, internal: false, arguments: [:])
        try f.queue("q1")
        try f.queue("q2")
        try f.vhost.bindQueue("q1", to: "ax", routingKey: "", arguments: [:], connection: f.connection)
        try f.vhost.bindQueue("q2", to: "ax", routingKey: "", arguments: [:], connection: f.connection)
        try f.vhost.unbindQueue("q1", from: "ax", routingKey: "", arguments: [:], connection: f.connection)
        #expect(f.vhost.exchange(named: "ax") != nil)
        try f.vhost.deleteQueue(name: "q2", ifUnused: false, ifEmpty: false, connection: f.connection)
        #expect(f.vhost.exchange(named: "ax") == nil)
    }

    @Test("Bind and unbind texts")
    func bindTexts() throws {
        let f = ModelFixture()
        try f.queue("q")
        #expect(brokerError { try f.vhost.bindQueue("q", to: "nope", routingKey: "", arguments: [:], connection: f.connection) } == .notFound("no exchange 'nope' in vhost '/'"))
        #expect(brokerError { try f.vhost.bindQueue("nope", to: "nope-x", routingKey: "", arguments: [:], connection: f.connection) } == .notFound("no exchange 'nope-x' in vhost '/'"))
        #expect(brokerError { try f.vhost.bindQueue("nope", to: "amq.direct", routingKey: "", arguments: [:], connection: f.connection) } == .notFound("no queue 'nope' in vhost '/'"))
        #expect(brokerError { try f.vhost.bindQueue("q", to: "", routingKey: "q", arguments: [:], connection: f.connection) } == .accessRefused("operation not permitted on the default exchange"))
        #expect(brokerError { try f.vhost.bindExchange(destination: "missing", source: "amq.direct", routingKey: "", arguments: [:]) } == .notFound("no exchange 'missing' in vhost '/'"))
        // Unbinding what does not exist is fine in 3.10.
        try f.vhost.unbindQueue("q", from: "amq.direct", routingKey: "never", arguments: [:], connection: f.connection)
        try f.vhost.unbindQueue("nope", from: "nope", routingKey: "", arguments: [:], connection: f.connection)
        // Arguments are part of a binding's identity, in any order.
        try f.vhost.bindQueue("q", to: "amq.direct", routingKey: "k", arguments: ["a": .int8(1), "b": .int8(2)], connection: f.connection)
        try f.vhost.unbindQueue("q", from: "amq.direct", routingKey: "k", arguments: ["b": .int8(2), "a": .int8(1)], connection: f.connection)
        #expect(f.vhost.bindings.isEmpty)
    }

    @Test("Server-named queues are amq.gen- and 22 url-safe base64 characters")
    func serverNamed() throws {
        let f = ModelFixture()
        let result = try f.vhost.declareQueue(name: "", durable: false, exclusive: true, autoDelete: false, arguments: [:], connection: f.connection)
        #expect(result.created)
        #expect(result.name.hasPrefix("amq.gen-"))
        let suffix = result.name.dropFirst("amq.gen-".count)
        #expect(suffix.count == 22)
        #expect(suffix.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(GeneratedName.base64URL([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(GeneratedName.base64URL(Array("hello".utf8)) == "aGVsbG8")
        #expect(f.vhost.generateQueueName() != f.vhost.generateQueueName())
    }
}
