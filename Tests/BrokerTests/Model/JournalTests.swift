import AMQP
import Testing

@testable import Broker

/// Records what the model tells the durability journal.
final class RecordingJournal: DurabilityJournal {
    var events: [String] = []
    func exchangeDeclared(_ exchange: ExchangeDefinition, vhost: String) { events.append("+x \(exchange.name)") }
    func exchangeDeleted(_ name: String, vhost: String) { events.append("-x \(name)") }
    func queueDeclared(_ queue: QueueDefinition, vhost: String) { events.append("+q \(queue.name)") }
    func queueDeleted(_ name: String, vhost: String) { events.append("-q \(name)") }
    func bindingAdded(_ binding: Binding, vhost: String) { events.append("+b \(binding.source)->\(binding.destination.name)") }
    func bindingRemoved(_ binding: Binding, vhost: String) { events.append("-b \(binding.source)->\(binding.destination.name)") }
    func messageEnqueued(_ entry: QueuedMessage, queue: String, vhost: String) { events.append("+m \(queue)#\(entry.sequence)") }
    func messageRemoved(sequence: UInt64, queue: String, vhost: String) { events.append("-m \(queue)#\(sequence)") }
}

@Suite("Durability journal hook")
struct JournalTests {
    @Test("Only durable entities and persistent messages in durable queues are journaled")
    func journaled() throws {
        let f = ModelFixture()
        let journal = RecordingJournal()
        f.vhost.journal = journal
        try f.vhost.declareExchange(name: "dx", type: "fanout", durable: true, autoDelete: false, internal: false, arguments: [:])
        try f.vhost.declareExchange(name: "tx", type: "fanout", durable: false, autoDelete: false, internal: false, arguments: [:])
        try f.queue("dq", durable: true)
        try f.queue("tq")
        try f.vhost.bindQueue("dq", to: "dx", routingKey: "", arguments: [:], connection: f.connection)
        try f.vhost.bindQueue("tq", to: "dx", routingKey: "", arguments: [:], connection: f.connection)
        try f.vhost.bindQueue("dq", to: "tx", routingKey: "", arguments: [:], connection: f.connection)
        let persistent = BasicProperties(deliveryMode: 2)
        let result = try f.publish("p", exchange: "dx", properties: persistent)
        #expect(result.journaled)
        #expect(try f.publish("t", exchange: "dx").journaled == false)
        let channel = f.channel(RecordingSink())
        let got = try #require(try f.vhost.get(queue: "dq", on: channel, noAck: false))
        try channel.ack(deliveryTag: got.delivery.deliveryTag, multiple: false)
        try f.vhost.unbindQueue("dq", from: "dx", routingKey: "", arguments: [:], connection: f.connection)
        try f.vhost.deleteQueue(name: "dq", ifUnused: false, ifEmpty: false, connection: f.connection)
        #expect(journal.events == ["+x dx", "+q dq", "+b dx->dq", "+m dq#1", "-m dq#1", "-b dx->dq", "-q dq"])
    }
}
