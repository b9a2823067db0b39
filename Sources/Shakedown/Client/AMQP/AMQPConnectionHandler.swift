import AMQP
import NIOCore

/// The client connection on its event loop: runs the handshake, assembles frames into
/// commands, hands each channel its own, and answers the server's channel.close and
/// connection.close with close-ok. Any failure ends every waiting caller with a typed error.
final class AMQPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = AMQPInbound
    typealias OutboundOut = AMQPOutbound

    let address: String
    private var handshake: AMQPHandshake
    private let handshakePromise: EventLoopPromise<AMQPHandshake.Outcome>
    private let limit: FrameMaxLimit
    private var assembler = CommandAssembler()
    private var channels: [UInt16: AMQPChannelCore] = [:]
    private var channelMax: UInt16 = 0
    private var lastChannel: UInt16 = 0
    private var failure: AMQPClientError?
    private var closePromise: EventLoopPromise<Void>?
    private var context: ChannelHandlerContext?
    private var started = false

    init(address: String, handshake: AMQPHandshake, limit: FrameMaxLimit, promise: EventLoopPromise<AMQPHandshake.Outcome>) {
        self.address = address
        self.handshake = handshake
        self.limit = limit
        self.handshakePromise = promise
    }

    // MARK: Pipeline events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .protocolHeader:
            break  // only a server reads one
        case .error(let error):
            fail(.protocolError("cannot decode the server's frames: \(error)"))
        case .frame(let frame):
            do {
                guard let command = try assembler.append(frame) else { return }
                receive(command, context: context)
            } catch {
                fail(.protocolError("UNEXPECTED_FRAME - \(error.text)"))
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.connectionLost(address: address, reason: "the server closed the socket"))
        closePromise?.succeed()
        closePromise = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(.connectionLost(address: address, reason: "\(error)"))
    }

    // MARK: Calls from the public API (on the event loop)

    /// Opens the next free channel; `promise` gets its id once channel.open-ok arrives.
    func openChannel(state: AMQPChannelState, returns: AsyncStream<AMQPReturnedMessage>.Continuation, promise: EventLoopPromise<UInt16>) {
        if let failure { return promise.fail(failure) }
        guard let id = freeChannelID() else {
            return promise.fail(AMQPClientError.protocolError("all \(channelMax) channels are in use"))
        }
        let core = AMQPChannelCore(id: id, state: state, returns: returns)
        channels[id] = core
        let reply = promise.futureResult.eventLoop.makePromise(of: Command.self)
        call(channel: id, .channel(.open()), reply: reply)
        reply.futureResult.whenComplete { result in
            switch result {
            case .success(let command):
                guard case .channel(.openOk) = command.method else {
                    return promise.fail(AMQPClientError.unexpectedReply(expected: "channel.open_ok", got: command.method.name))
                }
                promise.succeed(id)
            case .failure(let error): promise.fail(error)
            }
        }
    }

    /// Writes a synchronous method; `reply` gets the server's answer (or the close that
    /// ended the channel or connection).
    func call(channel id: UInt16, _ method: Method, reply: EventLoopPromise<Command>) {
        if let failure { return reply.fail(failure) }
        guard let core = channels[id], let context else { return reply.fail(AMQPClientError.closedByClient) }
        core.expectReply(reply)
        context.writeAndFlush(wrapOutboundOut(.frame(.method(channel: id, method))), promise: nil)
    }

    /// basic.consume with a client-chosen tag, its consumer registered first.
    func consume(
        channel id: UInt16, _ consume: BasicMethod.Consume, into source: AMQPDeliveries.Source, gate: DeliveryReadGate,
        reply: EventLoopPromise<Command>
    ) {
        if let failure {
            source.finish()
            return reply.fail(failure)
        }
        channels[id]?.addConsumer(consume.consumerTag, source, gate: gate)
        call(channel: id, .basic(.consume(consume)), reply: reply)
    }

    /// connection.close, then the socket once close-ok arrives (or the server drops it).
    func close(promise: EventLoopPromise<Void>) {
        guard failure == nil, let context else {
            context?.close(promise: nil)
            return promise.succeed()
        }
        closePromise = promise
        failChannels(.closedByClient)
        failure = .closedByClient
        let reason = CloseReason(replyCode: ReplyCode.success.rawValue, replyText: "Goodbye")
        context.writeAndFlush(wrapOutboundOut(.frame(.method(channel: 0, .connection(.close(reason))))), promise: nil)
    }

    /// The handshake did not finish in time.
    func handshakeTimedOut() {
        guard !handshake.isDone else { return }
        fail(.connectionLost(address: address, reason: "no handshake within the timeout"))
    }

    // MARK: Inbound commands

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        context.writeAndFlush(wrapOutboundOut(.protocolHeader(.amqp091)), promise: nil)
    }

    private func receive(_ command: Command, context: ChannelHandlerContext) {
        guard command.channel != 0 else { return receiveOnChannelZero(command.method, context: context) }
        guard let core = channels[command.channel] else {
            // A channel this side already closed: RabbitMQ may still have sent a delivery or
            // confirm before it saw our close.
            return
        }
        switch core.receive(command) {
        case .handled:
            break
        case .closedByServer:
            channels[command.channel] = nil
            assembler.reset(channel: command.channel)
            context.writeAndFlush(wrapOutboundOut(.frame(.method(channel: command.channel, .channel(.closeOk)))), promise: nil)
        case .closeAcknowledged:
            channels[command.channel] = nil
            assembler.reset(channel: command.channel)
        case .failed(let error):
            fail(error)
        }
    }

    private func receiveOnChannelZero(_ method: Method, context: ChannelHandlerContext) {
        if !handshake.isDone {
            do throws(AMQPClientError) {
                switch try handshake.receive(method) {
                case .send(let methods):
                    if case .connection(.tuneOk(let tune)) = methods.first {
                        limit.frameMax = tune.frameMax
                        channelMax = tune.channelMax
                    }
                    context.writeAndFlush(wrapOutboundOut(.frames(methods.map { .method(channel: 0, $0) })), promise: nil)
                case .done(let outcome):
                    handshakePromise.succeed(outcome)
                }
            } catch {
                if case .connectionClosed = error { writeCloseOk(context) }
                fail(error)
            }
            return
        }
        switch method {
        case .connection(.close(let reason)):
            writeCloseOk(context)
            fail(.connectionClosed(reason))
        case .connection(.closeOk):
            context.close(promise: nil)
        case .connection(.blocked), .connection(.unblocked):
            break  // the broker holds publishers back by not reading; nothing to do here
        default:
            fail(.protocolError("unexpected \(method.name) on channel 0"))
        }
    }

    private func writeCloseOk(_ context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(.frame(.method(channel: 0, .connection(.closeOk)))), promise: nil)
    }

    // MARK: Failure

    /// Ends the connection: every caller, consumer and confirm waiter gets `error` (the first
    /// failure sticks), then the socket closes.
    private func fail(_ error: AMQPClientError) {
        if failure == nil { failure = error }
        let error = failure ?? error
        handshakePromise.fail(error)
        failChannels(error)
        context?.close(promise: nil)
    }

    private func failChannels(_ error: AMQPClientError) {
        let open = channels.values
        channels = [:]
        for core in open { core.fail(error) }
    }

    private func freeChannelID() -> UInt16? {
        let max = channelMax == 0 ? UInt16.max : channelMax
        for _ in 0..<Int(max) {
            lastChannel = lastChannel >= max ? 1 : lastChannel + 1
            if channels[lastChannel] == nil { return lastChannel }
        }
        return nil
    }
}
