import AMQP
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// One AMQP 0-9-1 connection to a broker, logged in and on its vhost. Channels come from
/// `openChannel()`. Every call is async and ends with the server's reply or a typed
/// `AMQPClientError`; call them from tasks, not from the connection's event loop.
public final class AMQPClientConnection: Sendable {
    public let address: String
    /// channel_max, frame_max (heartbeats are off) as settled by tune / tune-ok.
    public let tune: ConnectionMethod.Tune
    /// connection.start's server-properties (product, version, capabilities).
    public let serverProperties: FieldTable
    let channel: any Channel
    let handler: NIOLoopBound<AMQPConnectionHandler>

    private init(address: String, outcome: AMQPHandshake.Outcome, channel: any Channel, handler: NIOLoopBound<AMQPConnectionHandler>) {
        self.address = address
        self.tune = outcome.tune
        self.serverProperties = outcome.serverProperties
        self.channel = channel
        self.handler = handler
    }

    /// Connects, logs in with PLAIN and opens `vhost`. A refused login or vhost is
    /// `.connectionClosed` with the server's code and text (403, 530).
    public static func connect(
        host: String, port: Int, user: String = "guest", password: String = "guest", vhost: String = "/",
        group: any EventLoopGroup, timeout: Duration = .seconds(30), socketTuning: SocketTuning = .autotuned
    ) async throws(AMQPClientError) -> AMQPClientConnection {
        let address = "\(host):\(port)"
        let handshake = AMQPHandshake(user: user, password: password, vhost: vhost)
        let loop = group.next()
        let promise = loop.makePromise(of: AMQPHandshake.Outcome.self)
        let installed = NIOLockedValueBox<NIOLoopBound<AMQPConnectionHandler>?>(nil)
        let channel: any Channel
        do {
            // The handlers join in the channel initializer, on the event loop: the handshake
            // starts the moment the socket connects. Joining them after a hop through Swift's
            // cooperative pool lost the race with RabbitMQ's handshake_timeout (10 s) when
            // that pool was busy.
            var bootstrap = ClientBootstrap(group: loop)
                .connectTimeout(.nanoseconds(timeout.nanoseconds))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let handler = try install(on: channel, address: address, handshake: handshake, promise: promise)
                        installed.withLockedValue { $0 = handler }
                    }
                }
            for (option, value) in socketTuning.socketOptions { bootstrap = bootstrap.channelOption(option, value: value) }
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            // An unfulfilled promise is a leak NIO traps on in debug builds.
            promise.fail(error)
            throw .connectFailed(address: address, reason: "\(error)")
        }
        // Set by the initializer, which ran before the connect succeeded.
        let handler = installed.withLockedValue { $0 }!
        return try await finish(channel: channel, address: address, handler: handler, promise: promise, timeout: timeout)
    }

    /// Runs the client on a connected channel: the codec and the connection handler join its
    /// pipeline and the handshake starts. Tests pass an in-memory channel.
    static func start(on channel: any Channel, address: String, handshake: AMQPHandshake, timeout: Duration) async throws(AMQPClientError) -> AMQPClientConnection {
        let loop = channel.eventLoop
        let promise = loop.makePromise(of: AMQPHandshake.Outcome.self)
        let added = loop.submit {
            try install(on: channel, address: address, handshake: handshake, promise: promise)
        }
        // A channel the server closed already refuses the handlers: the handshake fails too
        // (an unfulfilled promise is a leak NIO traps on in debug builds).
        added.whenFailure { promise.fail($0) }
        let handler: NIOLoopBound<AMQPConnectionHandler>
        do {
            handler = try await added.get()
        } catch {
            channel.close(promise: nil)
            throw Self.clientError(error, address: address)
        }
        return try await finish(channel: channel, address: address, handler: handler, promise: promise, timeout: timeout)
    }

    /// Adds the codec and the connection handler to `channel`'s pipeline (on its event loop);
    /// the handler starts the handshake once the channel is active and completes `promise`.
    private static func install(
        on channel: any Channel, address: String, handshake: AMQPHandshake, promise: EventLoopPromise<AMQPHandshake.Outcome>
    ) throws -> NIOLoopBound<AMQPConnectionHandler> {
        // No frame limit until tune: the server's frames before it are small anyway.
        let limit = FrameMaxLimit(frameMax: 0)
        let handler = AMQPConnectionHandler(address: address, handshake: handshake, limit: limit, promise: promise)
        try channel.pipeline.syncOperations.addHandlers([
            ByteToMessageHandler(AMQPFrameDecoder(mode: .client, limit: limit)),
            MessageToByteHandler(AMQPFrameEncoder()), handler,
        ])
        return NIOLoopBound(handler, eventLoop: channel.eventLoop)
    }

    /// Waits up to `timeout` for the handshake's outcome.
    private static func finish(
        channel: any Channel, address: String, handler: NIOLoopBound<AMQPConnectionHandler>,
        promise: EventLoopPromise<AMQPHandshake.Outcome>, timeout: Duration
    ) async throws(AMQPClientError) -> AMQPClientConnection {
        channel.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) { handler.value.handshakeTimedOut() }
        do {
            let outcome = try await promise.futureResult.get()
            return AMQPClientConnection(address: address, outcome: outcome, channel: channel, handler: handler)
        } catch {
            channel.close(promise: nil)
            throw Self.clientError(error, address: address)
        }
    }

    /// A new channel (channel.open / open-ok).
    public func openChannel() async throws(AMQPClientError) -> AMQPClientChannel {
        let state = AMQPChannelState()
        let (returns, continuation) = AsyncStream.makeStream(of: AMQPReturnedMessage.self)
        let promise = channel.eventLoop.makePromise(of: UInt16.self)
        let handler = self.handler
        channel.eventLoop.execute { handler.value.openChannel(state: state, returns: continuation, promise: promise) }
        do {
            let id = try await promise.futureResult.get()
            return AMQPClientChannel(id: id, connection: self, state: state, returns: returns)
        } catch {
            throw Self.clientError(error, address: address)
        }
    }

    /// connection.close / close-ok, then the socket. Closing a connection the server already
    /// closed just releases the socket.
    public func close() async {
        let promise = channel.eventLoop.makePromise(of: Void.self)
        let handler = self.handler
        let channel = self.channel
        channel.eventLoop.execute { handler.value.close(promise: promise) }
        // A server that never answers close-ok still gets its socket closed.
        let deadline = channel.eventLoop.scheduleTask(in: .seconds(10)) { channel.close(promise: nil) }
        try? await promise.futureResult.get()
        deadline.cancel()
    }

    public var isOpen: Bool { channel.isActive }

    static func clientError(_ error: any Error, address: String) -> AMQPClientError {
        if let error = error as? AMQPClientError { return error }
        return .connectionLost(address: address, reason: "\(error)")
    }
}
