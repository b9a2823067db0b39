import AMQP
import Foundation
import NIOCore
import NIOPosix

@testable import Broker

/// A fresh directory under the system temp dir, removed by `remove()`.
struct TestDirectory {
    let path: String

    init(_ label: String) {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    var journalPath: String { path + "/" + DurabilityLog.fileName }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// The journal and the model are owned by one event loop, and sync completions come back
/// to it; tests run their steps there and await futures in between.
final class OnLoop<World>: Sendable {
    static var loop: EventLoop { MultiThreadedEventLoopGroup.singleton.next() }

    let loop: EventLoop
    private let world: NIOLoopBound<World>

    private init(loop: EventLoop, world: NIOLoopBound<World>) {
        self.loop = loop
        self.world = world
    }

    static func make(_ create: @escaping @Sendable (EventLoop) throws -> World) async throws -> OnLoop<World> {
        let loop = Self.loop
        let bound = try await loop.submit { NIOLoopBound(try create(loop), eventLoop: loop) }.get()
        return OnLoop(loop: loop, world: bound)
    }

    func run<T: Sendable>(_ body: @escaping @Sendable (World) throws -> T) async throws -> T {
        let world = self.world
        return try await loop.submit { try body(world.value) }.get()
    }

    /// Runs `body` on the loop and waits (off the loop) for the future it returns.
    func wait<T: Sendable>(_ body: @escaping @Sendable (World) throws -> EventLoopFuture<T>) async throws -> T {
        let world = self.world
        let loop = self.loop
        return try await loop.flatSubmit {
            do { return try body(world.value) } catch { return loop.makeFailedFuture(error) }
        }.get()
    }
}

enum Samples {
    static func message(_ text: String, key: String = "k", exchange: String = "", sequence: UInt64, persistent: Bool = true)
        -> QueuedMessage
    {
        let properties = BasicProperties(
            contentType: "text/plain", headers: ["h": .string(text), "n": .int32(7)], deliveryMode: persistent ? 2 : 1,
            priority: 3, correlationID: "c-\(sequence)", expiration: "60000", messageID: "m-\(sequence)", timestamp: 1_700_000_000)
        let message = Message(
            exchange: exchange, routingKeys: [key, "cc.\(key)"], properties: properties, body: ByteBuffer(string: text),
            isPersistent: persistent)
        return QueuedMessage(message: message, sequence: sequence, expiresAt: 1_700_000_060_000, delivered: false, journaled: true)
    }

    /// One record of every kind, with no field left at a default value.
    static var everyRecord: [JournalRecord] {
        var delivered = message("hello", key: "a.b", exchange: "orders", sequence: 42)
        delivered.delivered = true
        return [
            .exchangeDeclared(
                vhost: "/v", ExchangeDefinition(
                    name: "orders", type: .topic, durable: true, autoDelete: true, internal: true,
                    arguments: ["alternate-exchange": .string("ae")])),
            .exchangeDeleted(vhost: "/v", name: "old-x"),
            .queueDeclared(
                vhost: "/v", QueueDefinition(
                    name: "q", durable: true, exclusive: false, autoDelete: true,
                    arguments: ["x-message-ttl": .int32(5000), "x-dead-letter-exchange": .string("dlx")])),
            .queueDeleted(vhost: "/v", name: "old-q"),
            .bindingAdded(vhost: "/v", Binding(source: "orders", destination: .queue("q"), routingKey: "a.*", arguments: ["x": .boolean(true)])),
            .bindingRemoved(vhost: "/v", Binding(source: "orders", destination: .exchange("e2"), routingKey: "#")),
            .messageEnqueued(vhost: "/v", queue: "q", delivered),
            .messageRemoved(vhost: "/v", queue: "q", sequence: 41),
            .messageDelivered(vhost: "/v", queue: "q", sequence: 43),
            .virtualHostDeleted(vhost: "/gone"),
        ]
    }
}

/// Framing and encoding, in memory.
enum Encoded {
    static func file(_ records: [JournalRecord]) throws -> ByteBuffer {
        var buffer = ByteBuffer(bytes: RecordFrame.magic)
        for record in records { try RecordFrame.write(record, into: &buffer) }
        return buffer
    }

    /// Offsets where each record starts, and the end.
    static func offsets(_ records: [JournalRecord]) throws -> [Int] {
        var buffer = ByteBuffer(bytes: RecordFrame.magic)
        var offsets = [buffer.writerIndex]
        for record in records {
            try RecordFrame.write(record, into: &buffer)
            offsets.append(buffer.writerIndex)
        }
        return offsets
    }

    /// A canonical byte form of a state, to compare two states exactly.
    static func snapshot(_ state: JournalState) throws -> [UInt8] {
        var buffer = try file(state.snapshotRecords)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    static func scan(_ buffer: ByteBuffer, file: String = "test.log") throws -> (records: [JournalRecord], result: LogScanner.Result) {
        var records: [JournalRecord] = []
        let result = try LogScanner.scan(buffer, file: file) { records.append($0) }
        return (records, result)
    }
}

extension FileManager {
    func bytes(at path: String) -> [UInt8] { contents(atPath: path).map { Array($0) } ?? [] }
    func write(_ bytes: [UInt8], to path: String) { _ = createFile(atPath: path, contents: Data(bytes)) }
}

/// A journal and the model it serves, on one loop.
final class JournalWorld {
    let log: DurabilityLog
    let broker: BrokerState
    var completed: [Int] = []

    init(_ directory: TestDirectory, loop: EventLoop, options: DurabilityLogOptions = .init()) throws {
        log = try DurabilityLog.open(directory: directory.path, eventLoop: loop, options: options)
        broker = BrokerState(clock: ManualClock())
        log.restore(into: broker)
    }

    var host: VirtualHost { broker.virtualHost(named: "/")! }

    func closed() -> EventLoopFuture<Void> {
        let promise = log.eventLoop.makePromise(of: Void.self)
        log.close { promise.completeWith($0.mapError { $0 as Error }) }
        return promise.futureResult
    }
}
