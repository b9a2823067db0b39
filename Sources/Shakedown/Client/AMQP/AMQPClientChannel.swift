import AMQP
import NIOCore

/// One channel of an `AMQPClientConnection`. Synchronous methods wait for their reply; a
/// server's channel.close ends the call (and every later one) with `.channelClosed` carrying
/// its reply code, text and class/method id.
public final class AMQPClientChannel: Sendable {
    public let id: UInt16
    public let connection: AMQPClientConnection
    /// Mandatory messages the broker could not route (basic.return); ends with the channel.
    public let returns: AsyncStream<AMQPReturnedMessage>
    let state: AMQPChannelState

    init(id: UInt16, connection: AMQPClientConnection, state: AMQPChannelState, returns: AsyncStream<AMQPReturnedMessage>) {
        self.id = id
        self.connection = connection
        self.state = state
        self.returns = returns
    }

    /// Why the channel is closed, or nil while it is open.
    public var closedError: AMQPClientError? { state.closedError }

    public func exchangeDeclare(
        _ name: String, type: String = "direct", passive: Bool = false, durable: Bool = false, autoDelete: Bool = false,
        internal: Bool = false, arguments: FieldTable = [:]
    ) async throws(AMQPClientError) {
        let declare = ExchangeMethod.Declare(
            exchange: name, type: type, passive: passive, durable: durable, autoDelete: autoDelete, internal: `internal`,
            arguments: arguments)
        try await call(.exchange(.declare(declare)), "exchange.declare_ok") { if case .exchange(.declareOk) = $0 { () } else { nil } }
    }

    /// The queue's name (the server's `amq.gen-…` for ""), its message and consumer counts.
    @discardableResult
    public func queueDeclare(
        _ name: String = "", passive: Bool = false, durable: Bool = false, exclusive: Bool = false, autoDelete: Bool = false,
        arguments: FieldTable = [:]
    ) async throws(AMQPClientError) -> QueueMethod.DeclareOk {
        let declare = QueueMethod.Declare(
            queue: name, passive: passive, durable: durable, exclusive: exclusive, autoDelete: autoDelete, arguments: arguments)
        return try await call(.queue(.declare(declare)), "queue.declare_ok") { if case .queue(.declareOk(let ok)) = $0 { ok } else { nil } }
    }

    public func queueBind(queue: String, exchange: String, routingKey: String = "", arguments: FieldTable = [:]) async throws(AMQPClientError) {
        let bind = QueueMethod.Bind(queue: queue, exchange: exchange, routingKey: routingKey, arguments: arguments)
        try await call(.queue(.bind(bind)), "queue.bind_ok") { if case .queue(.bindOk) = $0 { () } else { nil } }
    }

    /// The number of messages deleted with the queue.
    @discardableResult
    public func queueDelete(_ name: String, ifUnused: Bool = false, ifEmpty: Bool = false) async throws(AMQPClientError) -> UInt32 {
        let delete = QueueMethod.Delete(queue: name, ifUnused: ifUnused, ifEmpty: ifEmpty)
        return try await call(.queue(.delete(delete)), "queue.delete_ok") { if case .queue(.deleteOk(let n)) = $0 { n } else { nil } }
    }

    /// The number of messages purged.
    @discardableResult
    public func queuePurge(_ name: String) async throws(AMQPClientError) -> UInt32 {
        try await call(.queue(.purge(.init(queue: name))), "queue.purge_ok") { if case .queue(.purgeOk(let n)) = $0 { n } else { nil } }
    }

    public func basicQos(prefetchCount: UInt16, global: Bool = false) async throws(AMQPClientError) {
        let qos = BasicMethod.Qos(prefetchCount: prefetchCount, global: global)
        try await call(.basic(.qos(qos)), "basic.qos_ok") { if case .basic(.qosOk) = $0 { () } else { nil } }
    }

    /// One message from `queue`, or nil when it is empty (basic.get-empty).
    public func basicGet(queue: String, noAck: Bool = false) async throws(AMQPClientError) -> (delivery: AMQPDelivery, messageCount: UInt32)? {
        let reply = try await call(.basic(.get(.init(queue: queue, noAck: noAck))))
        switch reply.method {
        case .basic(.getEmpty):
            return nil
        case .basic(.getOk(let ok)):
            guard let content = reply.content else { throw .protocolError("basic.get_ok without content") }
            let delivery = AMQPDelivery(
                consumerTag: "", deliveryTag: ok.deliveryTag, redelivered: ok.redelivered, exchange: ok.exchange,
                routingKey: ok.routingKey, properties: content.properties, body: content.body)
            return (delivery, ok.messageCount)
        default:
            throw .unexpectedReply(expected: "basic.get_ok or basic.get_empty", got: reply.method.name)
        }
    }

    /// channel.close (200) / close-ok. Afterwards every call fails with `.closedByClient`.
    public func close() async throws(AMQPClientError) {
        let reason = CloseReason(replyCode: ReplyCode.success.rawValue, replyText: "Goodbye")
        try await call(.channel(.close(reason)), "channel.close_ok") { if case .channel(.closeOk) = $0 { () } else { nil } }
    }

    // MARK: Plumbing

    /// Writes `method` and returns the reply `match` accepts.
    @discardableResult
    func call<T>(_ method: Method, _ expected: String, _ match: (Method) -> T?) async throws(AMQPClientError) -> T {
        let reply = try await call(method)
        guard let value = match(reply.method) else { throw .unexpectedReply(expected: expected, got: reply.method.name) }
        return value
    }

    func call(_ method: Method) async throws(AMQPClientError) -> Command {
        try state.checkOpen()
        let promise = connection.channel.eventLoop.makePromise(of: Command.self)
        let handler = connection.handler
        let id = self.id
        connection.channel.eventLoop.execute { handler.value.call(channel: id, method, reply: promise) }
        return try await wait(promise.futureResult)
    }

    func wait<T: Sendable>(_ future: EventLoopFuture<T>) async throws(AMQPClientError) -> T {
        do {
            return try await future.get()
        } catch {
            throw AMQPClientConnection.clientError(error, address: connection.address)
        }
    }

    /// Writes a method that has no reply (ack, nack, reject).
    func send(_ method: Method) throws(AMQPClientError) {
        try state.checkOpen()
        connection.channel.writeAndFlush(AMQPOutbound.frame(.method(channel: id, method)), promise: nil)
    }
}
