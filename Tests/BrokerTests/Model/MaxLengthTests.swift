import AMQP
import Testing

@testable import Broker

@Suite("x-max-length and x-overflow")
struct MaxLengthTests {
    @Test("drop-head (the default) drops the oldest ready messages")
    func dropHead() throws {
        let f = ModelFixture()
        try f.queue("q", arguments: ["x-max-length": .int32(2)])
        for body in ["1", "2", "3", "4"] { try f.publish(body, key: "q") }
        #expect(f.ready("q") == ["3", "4"])
    }

    @Test("x-max-length-bytes counts body bytes of ready messages")
    func maxBytes() throws {
        let f = ModelFixture()
        try f.queue("q", arguments: ["x-max-length-bytes": .int32(10)])
        for body in ["aaaa", "bbbb", "cccc"] { try f.publish(body, key: "q") }
        #expect(f.ready("q") == ["bbbb", "cccc"])
        #expect(f.vhost.queue(named: "q")?.readyBytes == 8)
    }

    @Test("reject-publish refuses new messages (the publisher is nacked), even with a consumer waiting")
    func rejectPublish() throws {
        let f = ModelFixture()
        try f.queue("q", arguments: ["x-max-length": .int32(1), "x-overflow": .string("reject-publish")])
        #expect(try f.publish("1", key: "q").rejectedBy == [])
        let second = try f.publish("2", key: "q")
        #expect(second.rejectedBy == ["q"])
        #expect(second.queues == ["q"])
        #expect(f.ready("q") == ["1"])
        try f.queue("zero", arguments: ["x-max-length": .int32(0), "x-overflow": .string("reject-publish")])
        let sink = RecordingSink()
        let channel = f.channel(sink)
        try f.vhost.consume(queue: "zero", on: channel, consumerTag: "c", noAck: true, exclusive: false, arguments: [:])
        #expect(try f.publish("x", key: "zero").rejectedBy == ["zero"])
        #expect(sink.deliveries.isEmpty)
        withExtendedLifetime(channel) {}
    }

    @Test("reject-publish-dlx dead-letters the refused message; drop-head dead-letters the dropped one")
    func overflowDeadLetters() throws {
        let f = ModelFixture()
        try f.queue("dead")
        try f.queue("q", arguments: [
            "x-max-length": .int32(1), "x-overflow": .string("reject-publish-dlx"),
            "x-dead-letter-exchange": .string(""), "x-dead-letter-routing-key": .string("dead"),
        ])
        try f.publish("1", key: "q")
        #expect(try f.publish("2", key: "q").rejectedBy == ["q"])
        #expect(f.ready("q") == ["1"])
        #expect(f.ready("dead") == ["2"])
        try f.queue("h", arguments: ["x-max-length": .int32(1), "x-dead-letter-exchange": .string(""), "x-dead-letter-routing-key": .string("dead")])
        try f.publish("a", key: "h")
        try f.publish("b", key: "h")
        #expect(f.ready("h") == ["b"])
        #expect(f.ready("dead") == ["2", "a"])
        let death = try #require(f.vhost.queue(named: "dead")?.readyMessages.last?.message.properties.headers?["x-first-death-reason"])
        #expect(death == .string("maxlen"))
    }
}
