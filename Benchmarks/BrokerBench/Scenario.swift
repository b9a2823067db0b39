import AMQP
import Dispatch
import NIOConcurrencyHelpers
import NIOCore
import Shakedown

/// One publisher connection and one consumer connection (auto-ack) on one queue, for a fixed
/// time. Bodies start with the send time (monotonic ns) and a sequence number, 16 bytes, the
/// rest zeros; the consumer takes the latency from the first.
struct Scenario: Sendable {
    var title: String
    var queue: String
    var durable: Bool
    var persistent: Bool
    /// Publisher confirms with at most this many unconfirmed publishes, or nil for none.
    var confirmWindow: UInt64?
    /// At least 16.
    var bodyBytes: Int

    struct Result {
        /// Deliveries the consumer received during the timed run, per second.
        var rate: Double
        var latency: LatencySamples
        var published: UInt64
        var received: Int
    }

    func run(port: Int, seconds: Int, socketTuning: SocketTuning, group: any EventLoopGroup) async throws -> Result {
        let consumerConnection = try await AMQPClientConnection.connect(
            host: "127.0.0.1", port: port, group: group, socketTuning: socketTuning)
        let publisherConnection: AMQPClientConnection
        do {
            publisherConnection = try await AMQPClientConnection.connect(
                host: "127.0.0.1", port: port, group: group, socketTuning: socketTuning)
        } catch {
            await consumerConnection.close()
            throw error
        }
        do {
            let result = try await run(consumerConnection, publisherConnection, seconds: seconds)
            await consumerConnection.close()
            await publisherConnection.close()
            return result
        } catch {
            await consumerConnection.close()
            await publisherConnection.close()
            throw error
        }
    }

    private func run(_ consumerConnection: AMQPClientConnection, _ publisherConnection: AMQPClientConnection, seconds: Int)
        async throws -> Result
    {
        let consumerChannel = try await consumerConnection.openChannel()
        try await consumerChannel.queueDeclare(queue, durable: durable)
        try await consumerChannel.queuePurge(queue)
        let consumer = try await consumerChannel.basicConsume(queue: queue, noAck: true)

        let start = DispatchTime.now().uptimeNanoseconds
        let end = start + UInt64(seconds) * 1_000_000_000
        let progress = NIOLockedValueBox(0)
        let consuming = Task {
            var latency = LatencySamples()
            var inWindow = 0
            for await delivery in consumer.deliveries {
                let now = DispatchTime.now().uptimeNanoseconds
                if let sent = delivery.body.getInteger(at: delivery.body.readerIndex, as: UInt64.self) {
                    latency.add(nanoseconds: now &- sent)
                }
                if now <= end { inWindow += 1 }
                progress.withLockedValue { $0 += 1 }
            }
            return (latency, inWindow)
        }

        let publisherChannel = try await publisherConnection.openChannel()
        if confirmWindow != nil { try await publisherChannel.confirmSelect() }
        let properties = BasicProperties(deliveryMode: persistent ? 2 : 1)
        var published: UInt64 = 0
        var body = ByteBufferAllocator().buffer(capacity: bodyBytes)
        while DispatchTime.now().uptimeNanoseconds < end {
            published += 1
            body.clear()
            body.writeInteger(DispatchTime.now().uptimeNanoseconds)
            body.writeInteger(published)
            body.writeRepeatingByte(0, count: bodyBytes - 16)
            let sequence = try await publisherChannel.basicPublish(routingKey: queue, body: body, properties: properties)
            if let window = confirmWindow, let sequence, sequence > window, sequence - publisherChannel.confirmedThrough > window {
                try await publisherChannel.waitForConfirms(upTo: sequence - window)
            }
        }
        if confirmWindow != nil { try await publisherChannel.waitForConfirms(upTo: published) }

        // Let the consumer drain what is still queued (bounded), then end its stream.
        let drainDeadline = ContinuousClock.now + .seconds(15)
        while progress.withLockedValue({ $0 }) < published, ContinuousClock.now < drainDeadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        try await consumerChannel.close()
        let (latency, inWindow) = await consuming.value
        try await publisherChannel.queueDelete(queue)
        return Result(
            rate: Double(inWindow) / Double(seconds), latency: latency, published: published, received: progress.withLockedValue { $0 })
    }
}

/// End-to-end latencies, for percentiles.
struct LatencySamples: Sendable {
    private var nanoseconds: [UInt64] = []

    init() { nanoseconds.reserveCapacity(1 << 20) }

    mutating func add(nanoseconds value: UInt64) { nanoseconds.append(value) }

    /// The `fraction` percentile in milliseconds (nearest rank), or nil without samples.
    func percentile(_ fraction: Double) -> Double? {
        guard !nanoseconds.isEmpty else { return nil }
        let sorted = nanoseconds.sorted()
        let rank = min(sorted.count - 1, max(0, Int((fraction * Double(sorted.count)).rounded(.up)) - 1))
        return Double(sorted[rank]) / 1_000_000
    }
}
