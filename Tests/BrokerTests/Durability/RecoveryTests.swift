import AMQP
import Foundation
import NIOCore
import Testing

@testable import Broker

/// A broker's durable state through the journal and back, via the model's own operations.
@Suite struct RecoveryTests {
    static let connection = ConnectionID(1)

    static func publish(_ host: VirtualHost, _ text: String, to exchange: String, key: String, persistent: Bool = true) throws {
        let properties = BasicProperties(headers: ["text": .string(text)], deliveryMode: persistent ? 2 : 1, messageID: text)
        try host.publish(try Message(publishedTo: exchange, routingKey: key, properties: properties, body: ByteBuffer(string: text)))
    }

    @Test func recoveryRebuildsDurableEntitiesAndUnackedPersistentMessagesInOrder() async throws {
        let directory = TestDirectory("journal-recovery")
        defer { directory.remove() }
        let first = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await first.wait { world in
            let host = world.host
            let c = Self.connection
            try host.declareExchange(name: "orders", type: "topic", durable: true, autoDelete: false, internal: false, arguments: ["alternate-exchange": .string("ae")])
            try host.declareExchange(name: "ae", type: "fanout", durable: true, autoDelete: false, internal: false, arguments: [:])
            try host.declareExchange(name: "scratch", type: "direct", durable: false, autoDelete: false, internal: false, arguments: [:])
            try host.declareExchange(name: "dropped", type: "direct", durable: true, autoDelete: false, internal: false, arguments: [:])
            try host.declareQueue(name: "q", durable: true, exclusive: false, autoDelete: false, arguments: ["x-max-length": .int32(1000)], connection: c)
            try host.declareQueue(name: "unrouted", durable: true, exclusive: false, autoDelete: false, arguments: [:], connection: c)
            try host.declareQueue(name: "transient", durable: false, exclusive: false, autoDelete: false, arguments: [:], connection: c)
            try host.declareQueue(name: "mine", durable: true, exclusive: true, autoDelete: false, arguments: [:], connection: c)
            try host.bindQueue("q", to: "orders", routingKey: "a.#", arguments: [:], connection: c)
            try host.bindQueue("unrouted", to: "ae", routingKey: "", arguments: [:], connection: c)
            try host.bindQueue("transient", to: "orders", routingKey: "a.#", arguments: [:], connection: c)
            try host.bindExchange(destination: "orders", source: "amq.topic", routingKey: "fwd.#", arguments: [:])
            try host.bindQueue("q", to: "dropped", routingKey: "x", arguments: [:], connection: c)
            try host.bindQueue("q", to: "orders", routingKey: "gone", arguments: [:], connection: c)
            try host.unbindQueue("q", from: "orders", routingKey: "gone", arguments: [:], connection: c)
            try host.deleteExchange(name: "dropped", ifUnused: false)
            for i in 1...6 { try Self.publish(host, "m\(i)", to: "orders", key: "a.\(i)") }
            try Self.publish(host, "transient-message", to: "orders", key: "a.t", persistent: false)
            try Self.publish(host, "to-ae", to: "orders", key: "nomatch")
            // m1 acked, m2 delivered and left unacked (the model journals the delivery), m3
            // rejected without requeue.
            let channel = ConsumerChannel(connection: c, vhost: host, sink: nil)
            let m1 = try #require(try host.get(queue: "q", on: channel, noAck: false))
            try channel.ack(deliveryTag: m1.delivery.deliveryTag, multiple: false)
            let m2 = try #require(try host.get(queue: "q", on: channel, noAck: false))
            let m3 = try #require(try host.get(queue: "q", on: channel, noAck: false))
            try channel.reject(deliveryTag: m3.delivery.deliveryTag, multiple: false, requeue: false)
            #expect(String(buffer: m2.delivery.message.body) == "m2")
            return world.log.sync()
        }
        // The first broker is gone without closing anything (as after kill -9).
        let second = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await second.run { world in
            let host = world.host
            #expect(world.log.recovery.tornTail == nil)
            #expect(world.log.statistics.recordsAppended == 0)
            let orders = try #require(host.exchange(named: "orders"))
            #expect(orders.type == .topic && orders.durable && orders.alternateExchange == "ae")
            #expect(host.exchange(named: "ae") != nil)
            #expect(host.exchange(named: "scratch") == nil)
            #expect(host.exchange(named: "dropped") == nil)
            #expect(host.queue(named: "transient") == nil)
            #expect(host.queue(named: "mine") == nil)
            #expect(host.queue(named: "q")?.arguments["x-max-length"] == .int32(1000))
            let bindings = Set(host.bindings.map { "\($0.source)->\($0.destination.name):\($0.routingKey)" })
            #expect(bindings == ["orders->q:a.#", "ae->unrouted:", "amq.topic->orders:fwd.#"])
            // m1 acked and m3 rejected are gone; m2 (delivered, unacked) comes back first, redelivered.
            let channel = ConsumerChannel(connection: Self.connection, vhost: host, sink: nil)
            var got: [(String, Bool)] = []
            while let next = try host.get(queue: "q", on: channel, noAck: true) {
                got.append((String(buffer: next.delivery.message.body), next.delivery.redelivered))
            }
            #expect(got.map(\.0) == ["m2", "m4", "m5", "m6"])
            #expect(got.map(\.1) == [true, false, false, false])
            let unrouted = try host.get(queue: "unrouted", on: channel, noAck: true)
            #expect(unrouted.map { String(buffer: $0.delivery.message.body) } == "to-ae")
            #expect(unrouted?.delivery.message.properties.messageID == "to-ae")
            // Routing works on what was restored, and new changes reach the journal.
            try Self.publish(host, "after", to: "orders", key: "a.after")
            try Self.publish(host, "forwarded", to: "amq.topic", key: "fwd.x")  // amq.topic -> orders -> ae -> unrouted
            #expect(host.queue(named: "unrouted")?.readyMessages.map { String(buffer: $0.message.body) } == ["forwarded"])
            try host.deleteQueue(name: "unrouted", ifUnused: false, ifEmpty: false, connection: Self.connection)
        }
        try await second.wait { $0.log.sync() }
        let third = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await third.run { world in
            #expect(world.host.queue(named: "unrouted") == nil)
            #expect(world.host.bindings.count == 2)
            #expect(world.host.queue(named: "q")?.readyMessages.map { String(buffer: $0.message.body) } == ["after"])
        }
    }

    @Test func aDeletedQueueTakesItsMessagesAndBindingsWithIt() async throws {
        let directory = TestDirectory("journal-delete")
        defer { directory.remove() }
        let first = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await first.wait { world in
            let host = world.host
            try host.declareQueue(name: "q", durable: true, exclusive: false, autoDelete: false, arguments: [:], connection: Self.connection)
            try host.bindQueue("q", to: "amq.direct", routingKey: "k", arguments: [:], connection: Self.connection)
            try Self.publish(host, "x", to: "amq.direct", key: "k")
            try host.deleteQueue(name: "q", ifUnused: false, ifEmpty: false, connection: Self.connection)
            try host.declareQueue(name: "q", durable: true, exclusive: false, autoDelete: false, arguments: [:], connection: Self.connection)
            try Self.publish(host, "y", to: "", key: "q")
            return world.closed()
        }
        let second = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await second.run { world in
            #expect(world.host.bindings.isEmpty)
            #expect(world.host.queue(named: "q")?.readyMessages.map { String(buffer: $0.message.body) } == ["y"])
        }
    }

    @Test func aTornTailIsDroppedWithAWarningAndTheLogGoesOn() async throws {
        let directory = TestDirectory("journal-torn")
        defer { directory.remove() }
        let first = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await first.wait { world in
            try world.host.declareQueue(name: "q", durable: true, exclusive: false, autoDelete: false, arguments: [:], connection: Self.connection)
            for i in 1...3 { try Self.publish(world.host, "m\(i)", to: "", key: "q") }
            return world.log.sync()
        }
        var bytes = FileManager.default.bytes(at: directory.journalPath)
        let synced = bytes.count
        bytes.removeLast(5)  // the last message record, cut mid-write
        FileManager.default.write(bytes, to: directory.journalPath)
        let second = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        let tornAt = try await second.wait { world -> EventLoopFuture<Int?> in
            #expect(world.host.queue(named: "q")?.messageCount == 2)
            try Self.publish(world.host, "m4", to: "", key: "q")
            let torn = world.log.recovery.tornTail
            return world.log.sync().map { torn?.offset }
        }
        #expect(tornAt != nil && tornAt! < synced)
        let third = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await third.run { world in
            #expect(world.log.recovery.tornTail == nil)
            #expect(world.host.queue(named: "q")?.readyMessages.map { String(buffer: $0.message.body) } == ["m1", "m2", "m4"])
        }
    }

    @Test func corruptionInTheMiddleRefusesToOpenAndNamesFileAndOffset() async throws {
        let directory = TestDirectory("journal-corrupt")
        defer { directory.remove() }
        let first = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await first.wait { world in
            try world.host.declareQueue(name: "q", durable: true, exclusive: false, autoDelete: false, arguments: [:], connection: Self.connection)
            for i in 1...3 { try Self.publish(world.host, "m\(i)", to: "", key: "q") }
            return world.log.sync()
        }
        var bytes = FileManager.default.bytes(at: directory.journalPath)
        let queueRecordStart = RecordFrame.magic.count
        bytes[queueRecordStart + 16] ^= 0x01
        FileManager.default.write(bytes, to: directory.journalPath)
        let error = await #expect(throws: DurabilityError.self) {
            _ = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        }
        #expect(error == .corrupt(file: directory.journalPath, offset: queueRecordStart, reason: "CRC mismatch"))
    }
}
