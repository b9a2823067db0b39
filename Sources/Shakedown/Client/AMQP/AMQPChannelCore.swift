import AMQP
import NIOCore

/// One open channel as its connection's event loop sees it: the callers waiting for replies
/// (AMQP channels answer synchronous methods in order), the consumers, and where returned
/// messages go. Loop-only.
final class AMQPChannelCore {
    /// What the connection must do after a command on this channel.
    enum Outcome {
        case handled
        /// The server closed the channel: answer close-ok and forget it.
        case closedByServer(CloseReason)
        /// The client's own channel.close was answered: forget it.
        case closeAcknowledged
        /// The server broke the protocol: the connection must end with this error.
        case failed(AMQPClientError)
    }

    let id: UInt16
    let state: AMQPChannelState
    private var pending = CircularBuffer<EventLoopPromise<Command>>()
    private var consumers: [String: (source: AMQPDeliveries.Source, gate: DeliveryReadGate)] = [:]
    private let returns: AsyncStream<AMQPReturnedMessage>.Continuation

    init(id: UInt16, state: AMQPChannelState, returns: AsyncStream<AMQPReturnedMessage>.Continuation) {
        self.id = id
        self.state = state
        self.returns = returns
    }

    func expectReply(_ promise: EventLoopPromise<Command>) { pending.append(promise) }

    /// Deliveries for `tag` go to `source` from now on: registered before basic.consume is
    /// written, so none can arrive before it. `gate` pauses reading when the consumer lags.
    func addConsumer(_ tag: String, _ source: AMQPDeliveries.Source, gate: DeliveryReadGate) {
        consumers[tag] = (source, gate)
    }

    func receive(_ command: Command) -> Outcome {
        switch command.method {
        case .basic(.deliver(let deliver)):
            guard let content = command.content else { return .failed(.protocolError("basic.deliver without content")) }
            guard let consumer = consumers[deliver.consumerTag] else { return .handled }
            let delivery = AMQPDelivery(
                consumerTag: deliver.consumerTag, deliveryTag: deliver.deliveryTag, redelivered: deliver.redelivered,
                exchange: deliver.exchange, routingKey: deliver.routingKey, properties: content.properties, body: content.body)
            if case .stopProducing = consumer.source.yield(delivery) { consumer.gate.pause() }
            return .handled
        case .basic(.return(let returned)):
            guard let content = command.content else { return .failed(.protocolError("basic.return without content")) }
            returns.yield(
                AMQPReturnedMessage(
                    replyCode: returned.replyCode, replyText: returned.replyText, exchange: returned.exchange,
                    routingKey: returned.routingKey, properties: content.properties, body: content.body))
            return .handled
        case .basic(.ack(let tag, let multiple)):
            return settle(tag, multiple, ack: true)
        case .basic(.nack(let tag, let multiple, _)):
            return settle(tag, multiple, ack: false)
        case .basic(.cancel(let tag, _)):
            // consumer_cancel_notify: the queue went away under the consumer.
            consumers.removeValue(forKey: tag)?.source.finish()
            return .handled
        case .channel(.close(let reason)):
            fail(.channelClosed(reason))
            return .closedByServer(reason)
        default:
            guard let promise = pending.popFirst() else {
                return .failed(.protocolError("\(command.method.name) on channel \(id), which awaits no reply"))
            }
            promise.succeed(command)
            if case .channel(.closeOk) = command.method {
                fail(.closedByClient)
                return .closeAcknowledged
            }
            return .handled
        }
    }

    /// Ends everything waiting on this channel with `error`.
    func fail(_ error: AMQPClientError) {
        state.close(error)
        let error = state.closedError ?? error
        while let promise = pending.popFirst() { promise.fail(error) }
        for consumer in consumers.values { consumer.source.finish() }
        consumers = [:]
        returns.finish()
    }

    private func settle(_ tag: UInt64, _ multiple: Bool, ack: Bool) -> Outcome {
        do throws(AMQPClientError) {
            try state.settle(deliveryTag: tag, multiple: multiple, ack: ack)
            return .handled
        } catch {
            return .failed(error)
        }
    }
}
