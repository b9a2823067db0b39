import AMQP
import Testing

@testable import Broker

@Suite("Routing: default, direct, fanout, alternate exchanges, exchange-to-exchange")
struct RoutingTests {
    @Test("Built-in exchanges exist in every vhost")
    func builtIns() {
        let f = ModelFixture()
        for name in ["", "amq.direct", "amq.fanout", "amq.topic", "amq.headers", "amq.match", "amq.rabbitmq.trace"] {
            #expect(f.vhost.exchange(named: name)?.durable == true, "\(name)")
        }
        #expect(f.vhost.exchange(named: "amq.rabbitmq.trace")?.internal == true)
        #expect(f.vhost.exchange(named: "amq.match")?.type == .headers)
    }

    @Test("The default exchange routes by queue name, to existing queues only")
    func defaultExchange() throws {
        let f = ModelFixture()
        try f.queue("q")
        #expect(try f.publish("m", key: "q").queues == ["q"])
        #expect(try f.publish("m", key: "nope").isUnroutable)
        #expect(f.ready("q") == ["m"])
    }

    @Test("Direct routes on exact key; fanout to every binding once")
    func directAndFanout() throws {
        let f = ModelFixture()
        try f.queue("a")
        try f.queue("b")
        try f.vhost.bindQueue("a", to: "amq.direct", routingKey: "k1", arguments: [:], connection: f.connection)
        try f.vhost.bindQueue("a", to: "amq.direct", routingKey: "k2", arguments: [:], connection: f.connection)
        try f.vhost.bindQueue("b", to: "amq.direct", routingKey: "k2", arguments: [:], connection: f.connection)
        #expect(try f.publish("1", exchange: "amq.direct", key: "k1").queues == ["a"])
        #expect(try f.publish("2", exchange: "amq.direct", key: "k2").queues == ["a", "b"])
        #expect(try f.publish("3", exchange: "amq.direct", key: "K1").isUnroutable)
        // Two bindings to one queue still give one copy.
        try f.vhost.bindQueue("a", to: "amq.fanout", routingKey: "x", arguments: [:], connection: f.connection)
        try f.vhost.bindQueue("a", to: "amq.fanout", routingKey: "y", arguments: [:], connection: f.connection)
        try f.vhost.bindQueue("b", to: "amq.fanout", routingKey: "", arguments: [:], connection: f.connection)
        #expect(try f.publish("4", exchange: "amq.fanout", key: "whatever").queues == ["a", "b"])
        #expect(f.ready("a") == ["1", "2", "4"])
    }

    @Test("Unroutable messages go to the alternate exchange, recursively, cycles safe")
    func alternateExchanges() throws {
        let f = ModelFixture()
        try f.queue("unrouted")
        try f.vhost.declareExchange(name: "ae2", type: "fanout", durable: false, autoDelete: false, internal: false, arguments: [:])
        try f.vhost.declareExchange(name: "ae1", type: "direct", durable: false, autoDelete: false, internal: false, arguments: ["alternate-exchange": .string("ae2")])
        try f.vhost.declareExchange(name: "main", type: "direct", durable: false, autoDelete: false, internal: false, arguments: ["alternate-exchange": .string("ae1")])
        try f.queue("routed")
        try f.vhost.bindQueue("routed", to: "main", routingKey: "yes", arguments: [:], connection: f.connection)
        try f.vhost.bindQueue("unrouted", to: "ae2", routingKey: "", arguments: [:], connection: f.connection)
        #expect(try f.publish("1", exchange: "main", key: "yes").queues == ["routed"])
        #expect(try f.publish("2", exchange: "main", key: "no").queues == ["unrouted"])

        // x -> y -> x, neither routes: ends, unroutable.
        try f.vhost.declareExchange(name: "x", type: "direct", durable: false, autoDelete: false, internal: false, arguments: ["alternate-exchange": .string("y")])
        try f.vhost.declareExchange(name: "y", type: "direct", durable: false, autoDelete: false, internal: false, arguments: ["alternate-exchange": .string("x")])
        #expect(try f.publish("3", exchange: "x", key: "k").isUnroutable)
        // An alternate exchange that does not exist is ignored.
        try f.vhost.declareExchange(name: "lost", type: "direct", durable: false, autoDelete: false, internal: false, arguments: ["alternate-exchange": .string("missing")])
        #expect(try f.publish("4", exchange: "lost", key: "k").isUnroutable)
    }

    @Test("Exchange-to-exchange bindings: each queue once, cycles end")
    func exchangeToExchange() throws {
        let f = ModelFixture()
        for name in ["e1", "e2", "e3"] {
            try f.vhost.declareExchange(name: name, type: "fanout", durable: false, autoDelete: false, internal: false, arguments: [:])
        }
        try f.vhost.bindExchange(destination: "e2", source: "e1", routingKey: "", arguments: [:])
        try f.vhost.bindExchange(destination: "e3", source: "e2", routingKey: "", arguments: [:])
        try f.vhost.bindExchange(destination: "e1", source: "e3", routingKey: "", arguments: [:])
        try f.queue("q")
        try f.queue("r")
        try f.vhost.bindQueue("q", to: "e1", routingKey: "", arguments: [:], connection: f.connection)
        try f.vhost.bindQueue("q", to: "e3", routingKey: "", arguments: [:], connection: f.connection)
        try f.vhost.bindQueue("r", to: "e2", routingKey: "", arguments: [:], connection: f.connection)
        #expect(try f.publish("m", exchange: "e2").queues == ["q", "r"])
        #expect(f.ready("q") == ["m"])
        #expect(f.ready("r") == ["m"])

        // An internal exchange is reachable by binding but not by publishing.
        try f.vhost.declareExchange(name: "hidden", type: "topic", durable: false, autoDelete: false, internal: true, arguments: [:])
        try f.vhost.bindExchange(destination: "hidden", source: "amq.direct", routingKey: "in", arguments: [:])
        try f.queue("deep")
        try f.vhost.bindQueue("deep", to: "hidden", routingKey: "#", arguments: [:], connection: f.connection)
        #expect(try f.publish("m", exchange: "amq.direct", key: "in").queues == ["deep"])
        #expect(brokerError { try f.publish("m", exchange: "hidden") } == .accessRefused("cannot publish to internal exchange 'hidden' in vhost '/'"))
        #expect(brokerError { try f.publish("m", exchange: "nope") } == .notFound("no exchange 'nope' in vhost '/'"))
    }

    @Test("An exchange bound to another that routes nowhere does not use its own alternate")
    func alternateOnlyWhenNoDestinations() throws {
        let f = ModelFixture()
        try f.queue("ae-q")
        try f.vhost.declareExchange(name: "ae", type: "fanout", durable: false, autoDelete: false, internal: false, arguments: [:])
        try f.vhost.bindQueue("ae-q", to: "ae", routingKey: "", arguments: [:], connection: f.connection)
        try f.vhost.declareExchange(name: "src", type: "fanout", durable: false, autoDelete: false, internal: false, arguments: ["alternate-exchange": .string("ae")])
        try f.vhost.declareExchange(name: "dead-end", type: "direct", durable: false, autoDelete: false, internal: false, arguments: [:])
        try f.vhost.bindExchange(destination: "dead-end", source: "src", routingKey: "", arguments: [:])
        #expect(try f.publish("m", exchange: "src").isUnroutable)
    }

    @Test("BCC keys route but are stripped; bad delivery modes and CC types are refused")
    func publishValidation() throws {
        let f = ModelFixture()
        try f.queue("q")
        try f.queue("hidden")
        try f.publish("m", key: "q", properties: BasicProperties(headers: ["BCC": .array([.string("hidden")])]))
        let copy = try #require(f.vhost.queue(named: "hidden")?.readyMessages.first)
        #expect(copy.message.properties.headers?["BCC"] == nil)
        #expect(copy.message.routingKeys == ["q", "hidden"])
        #expect(brokerError { _ = try Message(publishedTo: "", routingKey: "q", properties: BasicProperties(deliveryMode: 3), body: .init()) }
            == .preconditionFailed("invalid message: {delivery_mode_unknown,3}"))
        #expect(brokerError { _ = try Message(publishedTo: "", routingKey: "q", properties: BasicProperties(headers: ["CC": .string("x")]), body: .init()) }
            == .preconditionFailed("invalid message: {unacceptable_type_in_header,\"CC\",longstr}"))
    }
}
