import NIOCore

/// A consumer's deliveries, with back-pressure. An unbounded buffer would let a slow consumer
/// hide its backlog in the client, where neither the broker's flow control nor a benchmark's
/// latency can see it; instead, once `highWatermark` deliveries wait unread the connection
/// stops reading its socket (the broker then holds the messages), and it reads again when the
/// consumer has taken them down to `lowWatermark`.
public typealias AMQPDeliveries = NIOAsyncSequenceProducer<
    AMQPDelivery, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, DeliveryReadGate
>

/// Switches the connection's reading off and on for its consumers' buffers. Several consumers
/// on one connection share it: any full one pauses reading, any that wants more resumes it,
/// and a full one pauses it again at its next delivery.
public struct DeliveryReadGate: NIOAsyncSequenceProducerDelegate {
    /// Turns the connection's reading on (true) or off.
    let setReading: @Sendable (Bool) -> Void

    static let lowWatermark = 256
    static let highWatermark = 1024

    static func makeDeliveries(on channel: any Channel) -> (AMQPDeliveries, AMQPDeliveries.Source, DeliveryReadGate) {
        makeDeliveries { reading in channel.setOption(ChannelOptions.autoRead, value: reading).whenComplete { _ in } }
    }

    static func makeDeliveries(setReading: @escaping @Sendable (Bool) -> Void)
        -> (AMQPDeliveries, AMQPDeliveries.Source, DeliveryReadGate)
    {
        let gate = DeliveryReadGate(setReading: setReading)
        let made = AMQPDeliveries.makeSequence(
            elementType: AMQPDelivery.self,
            backPressureStrategy: .init(lowWatermark: lowWatermark, highWatermark: highWatermark),
            finishOnDeinit: true, delegate: gate)
        return (made.sequence, made.source, gate)
    }

    func pause() { setReading(false) }

    public func produceMore() { setReading(true) }

    public func didTerminate() { produceMore() }
}
