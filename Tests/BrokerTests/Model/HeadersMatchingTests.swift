import AMQP
import Testing

@testable import Broker

@Suite("Headers exchange matching")
struct HeadersMatchingTests {
    func matches(_ binding: FieldTable, _ headers: FieldTable) -> Bool {
        let sorted = binding.sortedByName()
        return HeadersMatch.matches(pattern: sorted.entries, mode: HeadersMatch.mode(of: sorted), headers: headers.sortedByName().entries)
    }

    @Test("all: every non-x- argument must match; default mode is all")
    func all() {
        let binding: FieldTable = ["x-match": .string("all"), "a": .string("1"), "b": .int32(2)]
        #expect(matches(binding, ["a": .string("1"), "b": .int32(2)]))
        #expect(matches(binding, ["b": .int32(2), "c": .string("extra"), "a": .string("1")]))
        #expect(!matches(binding, ["a": .string("1")]))
        #expect(!matches(binding, ["a": .string("1"), "b": .int32(3)]))
        #expect(matches(["a": .string("1")], ["a": .string("1")]))
        #expect(!matches(["a": .string("1")], [:]))
        // An empty binding (only x-match all) matches everything, even no headers.
        #expect(matches(["x-match": .string("all")], [:]))
        // Unknown x-match values fall back to all, as in RabbitMQ.
        #expect(!matches(["x-match": .string("weird"), "a": .string("1"), "b": .string("2")], ["a": .string("1")]))
    }

    @Test("any: one matching argument is enough; none is no match")
    func any() {
        let binding: FieldTable = ["x-match": .string("any"), "a": .string("1"), "b": .string("2")]
        #expect(matches(binding, ["b": .string("2")]))
        #expect(matches(binding, ["a": .string("1"), "b": .string("nope")]))
        #expect(!matches(binding, ["a": .string("0"), "b": .string("0")]))
        #expect(!matches(binding, [:]))
        #expect(!matches(["x-match": .string("any")], ["a": .string("1")]))
    }

    @Test("x- arguments are ignored unless the mode is all-with-x or any-with-x")
    func xArguments() {
        #expect(matches(["x-match": .string("all"), "x-foo": .string("bar"), "a": .int8(1)], ["a": .int8(1)]))
        #expect(!matches(["x-match": .string("all-with-x"), "x-foo": .string("bar"), "a": .int8(1)], ["a": .int8(1)]))
        #expect(matches(["x-match": .string("all-with-x"), "x-foo": .string("bar")], ["x-foo": .string("bar")]))
        #expect(matches(["x-match": .string("any-with-x"), "x-foo": .string("bar"), "a": .int8(1)], ["x-foo": .string("bar")]))
        #expect(!matches(["x-match": .string("any"), "x-foo": .string("bar")], ["x-foo": .string("bar")]))
    }

    @Test("void means present; values compare as Erlang ==")
    func valueTypes() {
        #expect(matches(["a": .void], ["a": .string("anything")]))
        #expect(!matches(["a": .void], ["b": .string("x")]))
        #expect(matches(["a": .int32(1)], ["a": .int64(1)]))
        #expect(matches(["a": .int32(1)], ["a": .double(1.0)]))
        #expect(!matches(["a": .int32(1)], ["a": .string("1")]))
        #expect(matches(["a": .string("x")], ["a": .bytes(Array("x".utf8))]))
        #expect(matches(["a": .boolean(true)], ["a": .boolean(true)]))
        #expect(!matches(["a": .boolean(true)], ["a": .string("true")]))
    }

    @Test("Binding validation texts for x-match")
    func validation() throws {
        let f = ModelFixture()
        try f.queue("q")
        let badValue = brokerError { try f.vhost.bindQueue("q", to: "amq.headers", routingKey: "", arguments: ["x-match": .string("some")], connection: f.connection) }
        #expect(badValue == .preconditionFailed("Invalid x-match field value <<\"some\">>; expected all, any, all-with-x, or any-with-x"))
        let badType = brokerError { try f.vhost.bindQueue("q", to: "amq.match", routingKey: "", arguments: ["x-match": .int32(1)], connection: f.connection) }
        #expect(badType == .preconditionFailed("Invalid x-match field type signedint (value 1); expected longstr"))
        // Other exchange types do not look at x-match.
        try f.vhost.bindQueue("q", to: "amq.direct", routingKey: "k", arguments: ["x-match": .int32(1)], connection: f.connection)
    }

    @Test("Routing through amq.headers ignores the routing key")
    func routing() throws {
        let f = ModelFixture()
        try f.queue("hq")
        try f.vhost.bindQueue("hq", to: "amq.headers", routingKey: "ignored", arguments: ["x-match": .string("any"), "k": .string("v")], connection: f.connection)
        #expect(try f.publish("m", exchange: "amq.headers", key: "other", properties: BasicProperties(headers: ["k": .string("v")])).queues == ["hq"])
        #expect(try f.publish("m", exchange: "amq.headers", key: "ignored").isUnroutable)
    }
}
