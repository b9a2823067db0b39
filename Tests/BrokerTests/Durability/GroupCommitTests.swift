import AMQP
import Foundation
import NIOCore
import Testing

@testable import Broker

/// One fsync per batch, and no completion before the fsync that covers its records.
@Suite struct GroupCommitTests {
    @Test func everyCompletionRunsAfterTheFsyncCoveringItsRecords() async throws {
        let directory = TestDirectory("journal-group")
        defer { directory.remove() }
        let requests = 200
        let world = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        let allCovered = try await world.wait { world -> EventLoopFuture<[Bool]> in
            let log = world.log
            let queue = QueueDefinition(name: "q", durable: true, exclusive: false, autoDelete: false, arguments: [:])
            log.queueDeclared(queue, vhost: "/")
            var futures: [EventLoopFuture<Bool>] = []
            for index in 0..<requests {
                log.messageEnqueued(Samples.message("m\(index)", sequence: UInt64(index + 1)), queue: "q", vhost: "/")
                let appended = log.statistics.recordsAppended
                let promise = log.eventLoop.makePromise(of: Bool.self)
                log.requestSync { result in
                    world.completed.append(index)
                    // What a completion may rely on: its records are on disk and synced.
                    let onDisk = (try? Encoded.scan(ByteBuffer(bytes: FileManager.default.bytes(at: log.path))).records.count) ?? -1
                    promise.succeed((try? result.get()) != nil && log.statistics.recordsSynced >= appended && onDisk >= appended)
                }
                futures.append(promise.futureResult)
            }
            return EventLoopFuture.whenAllSucceed(futures, on: log.eventLoop)
        }
        #expect(allCovered.allSatisfy { $0 })
        let (order, stats) = try await world.run { ($0.completed, $0.log.statistics) }
        #expect(order == Array(0..<requests))
        #expect(stats.recordsSynced == requests + 1)
        // The first request goes at once; everything asked meanwhile shares the next fsync.
        #expect(stats.fsyncs <= 3, "\(stats.fsyncs) fsyncs for \(requests) requests")
    }

    /// The server's pattern: a batch of publishes per loop turn, a sync request for each.
    /// Prints the rate (a measurement, not a target); checks that fsyncs follow turns, not
    /// messages.
    @Test func confirmsPerSecondWhenEveryPublishAsksForASync() async throws {
        let directory = TestDirectory("journal-rate")
        defer { directory.remove() }
        let turns = 200
        let perTurn = 100
        let world = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await world.run { world in
            world.log.queueDeclared(QueueDefinition(name: "q", durable: true, exclusive: false, autoDelete: false, arguments: [:]), vhost: "/")
        }
        let started = ContinuousClock.now
        // Each turn is its own loop task, as reads from different connections would be.
        try await world.wait { world -> EventLoopFuture<Void> in
            let loop = world.log.eventLoop
            let done = loop.makePromise(of: Void.self)
            var remaining = turns
            for turn in 0..<turns {
                loop.assumeIsolated().execute {
                    var last: EventLoopFuture<Void>?
                    for index in 0..<perTurn {
                        let sequence = UInt64(turn * perTurn + index + 1)
                        world.log.messageEnqueued(Samples.message("0123456789abcdef", sequence: sequence), queue: "q", vhost: "/")
                        last = world.log.sync()
                    }
                    last?.assumeIsolated().whenSuccess {
                        remaining -= 1
                        if remaining == 0 { done.succeed(()) }
                    }
                }
            }
            return done.futureResult
        }
        let elapsed = ContinuousClock.now - started
        let stats = try await world.run { $0.log.statistics }
        let rate = Double(turns * perTurn) / (Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
        print("journal: \(turns * perTurn) confirmed publishes in \(elapsed), \(Int(rate)) msg/s, \(stats.fsyncs) fsyncs taking \(stats.syncNanoseconds / 1_000_000) ms")
        #expect(stats.recordsSynced == turns * perTurn + 1)
        #expect(stats.fsyncs < turns / 2, "fsyncs should cover many turns each")
    }

    @Test func aSyncWithNothingPendingCompletesAtOnce() async throws {
        let directory = TestDirectory("journal-idle")
        defer { directory.remove() }
        let world = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await world.wait { $0.log.sync() }
        let stats = try await world.run { $0.log.statistics }
        #expect(stats.fsyncs == 0)
    }

    @Test func aClosedLogFailsLaterSyncs() async throws {
        let directory = TestDirectory("journal-closed")
        defer { directory.remove() }
        let world = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        try await world.wait { $0.closed() }
        let error = await #expect(throws: DurabilityError.self) {
            try await world.wait { world in
                try world.host.declareQueue(name: "q", durable: true, exclusive: false, autoDelete: false, arguments: [:], connection: ConnectionID(1))
                return world.log.sync()
            }
        }
        #expect(error == .unavailable("the journal '\(directory.journalPath)' is closed"))
    }

    @Test func aBurstBeyondTheFlushThresholdIsWrittenWithoutBeingAsked() async throws {
        let directory = TestDirectory("journal-flush")
        defer { directory.remove() }
        var tuned = DurabilityLogOptions()
        tuned.flushThresholdBytes = 4096
        let options = tuned
        let world = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop, options: options) }
        try await world.run { world in
            world.log.queueDeclared(QueueDefinition(name: "q", durable: true, exclusive: false, autoDelete: false, arguments: [:]), vhost: "/")
            for index in 0..<100 {
                world.log.messageEnqueued(Samples.message(String(repeating: "x", count: 100), sequence: UInt64(index + 1)), queue: "q", vhost: "/")
            }
        }
        var synced = 0
        for _ in 0..<200 where synced == 0 {
            try await Task.sleep(for: .milliseconds(50))
            synced = try await world.run { $0.log.statistics.recordsSynced }
        }
        #expect(synced > 0)
    }
}
