import NIOConcurrencyHelpers
import NIOCore
import Testing

@testable import Shakedown

@Suite struct DeliveryReadGateTests {
    static func delivery(_ n: Int) -> AMQPDelivery {
        AMQPDelivery(
            consumerTag: "c", deliveryTag: UInt64(n), redelivered: false, exchange: "", routingKey: "q",
            properties: .init(), body: ByteBuffer(string: "m\(n)"))
    }

    /// A consumer that falls behind stops the connection's reading at the high watermark and
    /// starts it again once it has drained to the low one; nothing is dropped.
    @Test func readingPausesWhenTheConsumerLagsAndResumesWhenItCatchesUp() async throws {
        let switches = NIOLockedValueBox<[Bool]>([])
        let (deliveries, source, gate) = DeliveryReadGate.makeDeliveries { reading in
            switches.withLockedValue { $0.append(reading) }
        }
        var stopped = 0
        for n in 1...(DeliveryReadGate.highWatermark + 100) {
            if case .stopProducing = source.yield(Self.delivery(n)) {
                gate.pause()
                stopped += 1
            }
        }
        #expect(stopped == 101, "every delivery from the high watermark on asks to stop")
        #expect(switches.withLockedValue { $0 } .allSatisfy { !$0 })
        let iterator = deliveries.makeAsyncIterator()
        var received: [UInt64] = []
        while received.count < DeliveryReadGate.highWatermark + 100 - DeliveryReadGate.lowWatermark + 1,
            let next = await iterator.next()
        {
            received.append(next.deliveryTag)
        }
        #expect(switches.withLockedValue { $0.last } == true, "drained to the low watermark: reading again")
        source.finish()
        while let next = await iterator.next() { received.append(next.deliveryTag) }
        #expect(received == (1...UInt64(DeliveryReadGate.highWatermark + 100)).map { $0 })
    }
}
