import AMQP
import Foundation
import NIOCore
import TestSupport
import Testing

@testable import Broker

/// A crash may leave any prefix of what was written after the last completed fsync (plus,
/// after a power loss, zeroes): recovery must keep every record whose sync completed.
@Suite struct CrashSimulationTests {
    @Test func truncatingAfterTheLastCompletedSyncNeverLosesASyncedRecord() async throws {
        let directory = TestDirectory("journal-crash")
        defer { directory.remove() }
        let world = try await OnLoop.make { loop in try JournalWorld(directory, loop: loop) }
        // Synced: messages 1...60, of which 1...10 acked.
        try await world.wait { world in
            let log = world.log
            log.queueDeclared(QueueDefinition(name: "q", durable: true, exclusive: false, autoDelete: false, arguments: [:]), vhost: "/")
            for seq in 1...60 { log.messageEnqueued(Samples.message("m\(seq)", sequence: UInt64(seq)), queue: "q", vhost: "/") }
            for seq in 1...10 { log.messageRemoved(sequence: UInt64(seq), queue: "q", vhost: "/") }
            return log.sync()
        }
        let synced = FileManager.default.bytes(at: directory.journalPath)
        // Written after that: 61...100, whose sync the crash interrupts.
        try await world.wait { world in
            for seq in 61...100 { world.log.messageEnqueued(Samples.message("m\(seq)", sequence: UInt64(seq)), queue: "q", vhost: "/") }
            return world.log.sync()
        }
        let written = FileManager.default.bytes(at: directory.journalPath)
        #expect(written.starts(with: synced))

        var generator = SeededGenerator(seed: 0x5EED)
        var cuts = Set((0..<150).map { _ in Int.random(in: synced.count...written.count, using: &generator) })
        cuts.formUnion([synced.count, written.count, written.count - 1])
        for cut in cuts.sorted() {
            for zeroFilled in [false, true] {
                var image = Array(written[..<cut])
                if zeroFilled { image += [UInt8](repeating: 0, count: written.count - cut) }
                let crashed = TestDirectory("journal-crash-image")
                defer { crashed.remove() }
                FileManager.default.write(image, to: crashed.journalPath)
                let log = try DurabilityLog.open(directory: crashed.path, eventLoop: OnLoop<Void>.loop)
                let sequences = log.state.virtualHosts["/"]?.queues["q"]?.messagesInOrder.map(\.sequence) ?? []
                let kept = sequences.count - 50
                #expect(Array(sequences.prefix(50)) == Array(11...60), "cut at \(cut), zero-filled \(zeroFilled)")
                #expect(kept >= 0 && sequences.dropFirst(50).elementsEqual((61...100).prefix(max(kept, 0))), "cut at \(cut)")
                // The file is left ready for appends: reopening finds nothing torn.
                let again = try DurabilityLog.open(directory: crashed.path, eventLoop: OnLoop<Void>.loop)
                #expect(again.recovery.tornTail == nil)
                #expect(again.recovery.records == log.recovery.records)
            }
        }
    }
}
