import AMQP
import Foundation
import NIOCore
import Testing

@testable import Broker

/// A message removed before any sync covered it (consumed with auto-ack at once) is never
/// written, as RabbitMQ's message store skips messages acked before they reach the disk;
/// everything else appended around it is written in order.
@Suite struct UnsyncedRemovalTests {
    static let queue = QueueDefinition(name: "q", durable: true, exclusive: false, autoDelete: false, arguments: [:])

    @Test func aMessageRemovedBeforeTheSyncLeavesNoRecords() async throws {
        let directory = TestDirectory("journal-unsynced")
        defer { directory.remove() }
        let world = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await world.wait { world -> EventLoopFuture<Void> in
            let log = world.log
            log.queueDeclared(Self.queue, vhost: "/")
            log.messageEnqueued(Samples.message("gone", sequence: 1), queue: "q", vhost: "/")
            log.messageDelivered(sequence: 1, queue: "q", vhost: "/")
            log.messageEnqueued(Samples.message("kept", sequence: 2), queue: "q", vhost: "/")
            log.exchangeDeclared(ExchangeDefinition(name: "x", type: .fanout, durable: true, autoDelete: false, internal: false, arguments: [:]), vhost: "/")
            log.messageRemoved(sequence: 1, queue: "q", vhost: "/")
            return log.sync()
        }
        let path = try await world.run { $0.log.path }
        let stats = try await world.run { $0.log.statistics }
        let bytes = FileManager.default.bytes(at: path)
        #expect(stats.fileBytes == bytes.count)
        let records = try Encoded.scan(ByteBuffer(bytes: bytes)).records.map(\.kind)
        #expect(records == [.queueDeclared, .messageEnqueued, .exchangeDeclared])
        try await world.wait { $0.closed() }

        // Reopened: the kept message and both entities, not the removed message.
        let reopened = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        let bodies = try await reopened.run { world in
            world.host.queue(named: "q")?.readyMessages.map { String(buffer: $0.message.body) } ?? []
        }
        #expect(bodies == ["kept"])
        #expect(try await reopened.run { $0.host.exchange(named: "x") != nil })
        try await reopened.wait { $0.closed() }
    }

    @Test func whenEverythingPendingIsCancelledTheSyncIsImmediate() async throws {
        let directory = TestDirectory("journal-cancelled")
        defer { directory.remove() }
        let world = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await world.wait { world -> EventLoopFuture<Void> in
            world.log.queueDeclared(Self.queue, vhost: "/")
            return world.log.sync()
        }
        let before = try await world.run { $0.log.statistics }
        try await world.wait { world -> EventLoopFuture<Void> in
            let log = world.log
            for sequence in UInt64(1)...100 {
                log.messageEnqueued(Samples.message("m", sequence: sequence), queue: "q", vhost: "/")
                log.messageRemoved(sequence: sequence, queue: "q", vhost: "/")
            }
            #expect(!log.hasUnsyncedRecords)
            return log.sync()
        }
        let after = try await world.run { $0.log.statistics }
        #expect(after.fsyncs == before.fsyncs)
        #expect(after.fileBytes == before.fileBytes)
        try await world.wait { $0.closed() }
    }

    /// A removal after its enqueue went to the disk is written as usual.
    @Test func aRemovalAfterTheSyncIsWritten() async throws {
        let directory = TestDirectory("journal-synced-removal")
        defer { directory.remove() }
        let world = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await world.wait { world -> EventLoopFuture<Void> in
            world.log.queueDeclared(Self.queue, vhost: "/")
            world.log.messageEnqueued(Samples.message("m", sequence: 1), queue: "q", vhost: "/")
            return world.log.sync()
        }
        try await world.wait { world -> EventLoopFuture<Void> in
            world.log.messageRemoved(sequence: 1, queue: "q", vhost: "/")
            return world.log.sync()
        }
        let path = try await world.run { $0.log.path }
        let records = try Encoded.scan(ByteBuffer(bytes: FileManager.default.bytes(at: path))).records.map(\.kind)
        #expect(records == [.queueDeclared, .messageEnqueued, .messageRemoved])
        try await world.wait { $0.closed() }
    }
}
