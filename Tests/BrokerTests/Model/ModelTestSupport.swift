import AMQP
import NIOCore

@testable import Broker

/// The channel side of deliveries, recorded: what a channel would write as frames.
final class RecordingSink: DeliverySink {
    var deliveries: [Delivery] = []
    var cancelled: [String] = []

    func deliver(_ delivery: Delivery) { deliveries.append(delivery) }
    func consumerCancelled(tag: String) { cancelled.append(tag) }

    var bodies: [String] { deliveries.map { String(buffer: $0.message.body) } }
}

/// A vhost on a manual clock, with one connection and helpers for the usual steps.
final class ModelFixture {
    let clock = ManualClock()
    let vhost: VirtualHost
    let connection = ConnectionID(1)

    init() { vhost = VirtualHost(name: "/", clock: clock) }

    func message(_ body: String, exchange: String = "", key: String = "", properties: BasicProperties = BasicProperties()) -> Message {
        // Publishing input from tests is always valid.
        (try? Message(publishedTo: exchange, routingKey: key, properties: properties, body: ByteBuffer(string: body)))
            ?? Message(exchange: exchange, routingKeys: [key], properties: properties, body: ByteBuffer(string: body), isPersistent: false)
    }

    @discardableResult
    func publish(_ body: String, exchange: String = "", key: String = "", properties: BasicProperties = BasicProperties()) throws -> PublishResult {
        try vhost.publish(message(body, exchange: exchange, key: key, properties: properties))
    }

    @discardableResult
    func queue(_ name: String, arguments: FieldTable = [:], durable: Bool = false, autoDelete: Bool = false) throws -> QueueDeclareResult {
        try vhost.declareQueue(name: name, durable: durable, exclusive: false, autoDelete: autoDelete, arguments: arguments, connection: connection)
    }

    func channel(_ sink: RecordingSink, connection: ConnectionID? = nil) -> ConsumerChannel {
        ConsumerChannel(connection: connection ?? self.connection, vhost: vhost, sink: sink)
    }

    /// Bodies of the ready messages of a queue, oldest first.
    func ready(_ queue: String) -> [String] {
        vhost.queue(named: queue)?.readyMessages.map { String(buffer: $0.message.body) } ?? []
    }

    /// Drains a queue with basic.get (no-ack), returning the bodies.
    func drain(_ queue: String) throws -> [String] {
        let sink = RecordingSink()
        let channel = self.channel(sink)
        var bodies: [String] = []
        while let (delivery, _) = try vhost.get(queue: queue, on: channel, noAck: true) {
            bodies.append(String(buffer: delivery.message.body))
        }
        return bodies
    }
}

/// The error a throwing call ended with, if any.
func brokerError(_ body: () throws -> Void) -> BrokerError? {
    do {
        try body()
        return nil
    } catch let error as BrokerError {
        return error
    } catch {
        return BrokerError(code: .internalError, text: "unexpected \(error)")
    }
}
