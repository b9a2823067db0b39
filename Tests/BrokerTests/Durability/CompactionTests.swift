import AMQP
import Foundation
import NIOCore
import Testing

@testable import Broker

@Suite struct CompactionTests {
    @Test func compactionKeepsExactlyTheLiveState() async throws {
        let directory = TestDirectory("journal-compact")
        defer { directory.remove() }
        var tuned = DurabilityLogOptions()
        tuned.compactionMinimumBytes = 16 << 10
        let options = tuned
        let world = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop, options: options) }
        let body = String(repeating: "b", count: 1000)
        var sequence: UInt64 = 0
        for round in 0..<20 {
            let first = sequence + 1
            sequence += 50
            let last = sequence
            try await world.wait { world in
                let log = world.log
                if round == 0 {
                    log.exchangeDeclared(ExchangeDefinition(name: "x", type: .fanout, durable: true, autoDelete: false, internal: false, arguments: [:]), vhost: "/")
                    log.queueDeclared(QueueDefinition(name: "q", durable: true, exclusive: false, autoDelete: false, arguments: [:]), vhost: "/")
                    log.bindingAdded(Binding(source: "x", destination: .queue("q"), routingKey: ""), vhost: "/")
                }
                log.exchangeDeclared(ExchangeDefinition(name: "churn", type: .direct, durable: true, autoDelete: false, internal: false, arguments: [:]), vhost: "/")
                log.exchangeDeleted("churn", vhost: "/")
                for seq in first...last {
                    log.messageEnqueued(Samples.message("\(seq)-" + body, sequence: seq), queue: "q", vhost: "/")
                    if seq % 10 == 3 { log.messageDelivered(sequence: seq, queue: "q", vhost: "/") }
                }
                return log.sync()
            }
            // Removed after their sync, so their records are on disk and dead (a removal in
            // the same batch would cancel the records instead).
            try await world.wait { world in
                for seq in first...last where seq % 10 != 0 && seq % 10 != 3 {
                    world.log.messageRemoved(sequence: seq, queue: "q", vhost: "/")
                }
                return world.log.sync()
            }
        }
        let (live, stats) = try await world.run { world in (try Encoded.snapshot(world.log.state), world.log.statistics) }
        #expect(stats.compactions >= 1)
        let fileSize = FileManager.default.bytes(at: directory.journalPath).count
        #expect(fileSize == stats.fileBytes)
        #expect(fileSize < 20 * 50 * 1000 / 2, "compaction should have dropped the removed messages")
        let reopened = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop, options: options) }
        let recovered = try await reopened.run { world in
            let messages = world.host.queue(named: "q")?.readyMessages ?? []
            return (try Encoded.snapshot(world.log.state), messages.map(\.sequence), messages.map(\.delivered))
        }
        #expect(recovered.0 == live)
        let expected = (1...sequence).filter { $0 % 10 == 0 || $0 % 10 == 3 }
        #expect(recovered.1 == expected)
        #expect(recovered.2 == expected.map { $0 % 10 == 3 })
    }

    @Test func aSnapshotRebuildsTheSameState() throws {
        var state = JournalState()
        for record in Samples.everyRecord { state.apply(record) }
        state.apply(.queueDeclared(vhost: "/v", QueueDefinition(name: "q", durable: true, exclusive: false, autoDelete: false, arguments: [:])))
        for seq in 1...5 { state.apply(.messageEnqueued(vhost: "/v", queue: "q", Samples.message("m\(seq)", sequence: UInt64(seq)))) }
        state.apply(.messageRemoved(vhost: "/v", queue: "q", sequence: 2))
        var rebuilt = JournalState()
        for record in state.snapshotRecords { rebuilt.apply(record) }
        #expect(try Encoded.snapshot(rebuilt) == Encoded.snapshot(state))
        #expect(rebuilt.virtualHosts["/v"]?.queues["q"]?.messagesInOrder.map(\.sequence) == [1, 3, 4, 5])
        #expect(rebuilt.estimatedBytes == state.estimatedBytes)
    }
}
