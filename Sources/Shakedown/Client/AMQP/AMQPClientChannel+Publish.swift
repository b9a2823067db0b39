import AMQP
import NIOCore

extension AMQPClientChannel {
    /// basic.publish with its content. In confirm mode returns the publish's sequence number
    /// (1, 2, … since confirm.select), for `waitForConfirms(upTo:)`; nil otherwise. Returns
    /// once the write is queued, waiting only when the socket pushes back, so a caller can
    /// keep many publishes in flight.
    @discardableResult
    public func basicPublish(
        exchange: String = "", routingKey: String, body: ByteBuffer, properties: BasicProperties = .init(),
        mandatory: Bool = false
    ) async throws(AMQPClientError) -> UInt64? {
        let publish = BasicMethod.Publish(exchange: exchange, routingKey: routingKey, mandatory: mandatory)
        let command = Command(channel: id, method: .basic(.publish(publish)), content: Content(properties: properties, body: body))
        let frames = AMQPOutbound.frames(command.frames(frameMax: connection.tune.frameMax))
        let nio = connection.channel
        let (sequence, written) = try state.publish(writable: nio.isWritable) { wait in
            guard wait else {
                nio.writeAndFlush(frames, promise: nil)
                return nil
            }
            return nio.writeAndFlush(frames)
        }
        if let written { try await wait(written) }
        return sequence
    }

    @discardableResult
    public func basicPublish(
        exchange: String = "", routingKey: String, body: [UInt8], properties: BasicProperties = .init(), mandatory: Bool = false
    ) async throws(AMQPClientError) -> UInt64? {
        try await basicPublish(
            exchange: exchange, routingKey: routingKey, body: ByteBuffer(bytes: body), properties: properties, mandatory: mandatory)
    }

    /// confirm.select: from here on every publish is numbered and the broker acks or nacks it.
    public func confirmSelect() async throws(AMQPClientError) {
        try await call(.confirm(.select()), "confirm.select_ok") { if case .confirm(.selectOk) = $0 { () } else { nil } }
        state.enableConfirms()
    }

    /// Waits until the broker has settled every publish up to `sequence`; returns the
    /// sequence numbers among them it nacked (each returned once).
    @discardableResult
    public func waitForConfirms(upTo sequence: UInt64) async throws(AMQPClientError) -> [UInt64] {
        try await state.waitForConfirms(upTo: sequence)
    }

    /// Every publish up to this sequence number is settled (0 before any, or without confirms).
    public var confirmedThrough: UInt64 { state.settledThrough }
}
