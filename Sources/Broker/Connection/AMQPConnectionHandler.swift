import AMQP
import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One client connection, after the frame decoder: protocol header negotiation, the
/// handshake, heartbeats, channels, and the way errors close channels or the connection, as
/// RabbitMQ 3.10's rabbit_reader does. It runs on the node's event loop, the loop that owns
/// the model, so channels call the model directly.
public final class AMQPConnectionHandler: ChannelInboundHandler {
    public typealias InboundIn = AMQPInbound
    public typealias OutboundOut = AMQPOutbound

    let node: BrokerNode
    let id: ConnectionID
    /// The decoder's frame_max, raised from 4096 once tune-ok is accepted.
    let frameLimit: FrameMaxLimit
    var logger: Logger

    var context: ChannelHandlerContext?
    var phase = ConnectionPhase.awaitingHeader
    var assembler = CommandAssembler()
    var channels: [UInt16: BrokerChannel] = [:]

    // Negotiated in tune / tune-ok.
    var channelMax: UInt16
    var frameMax: UInt32 = FrameConstants.minimumFrameMax
    var heartbeat: UInt16 = 0

    // Who is connected, once known.
    var clientProperties = FieldTable()
    var capabilities = ClientCapabilities()
    var user: User?
    var vhost: VirtualHost?
    var peerDescription = "unknown"
    var fromLoopback = false

    // Heartbeats and timeouts.
    var receivedSinceCheck = false
    var sentSinceCheck = false
    var missedHeartbeats = 0
    var heartbeatTasks: [RepeatedTask] = []
    var handshakeTimer: Scheduled<Void>?
    var closeTimer: Scheduled<Void>?
    var flushScheduled = false

    /// connection.blocked state under a resource alarm (rabbit_reader's throttle):
    /// `blocking` until the next publish, then `blocked` (reading stops).
    enum Throttle { case running, blocking, blocked }
    var throttle = Throttle.running
    var blockedNotified = false

    // Flow control (AMQPConnectionHandler+Flow).
    /// This read batch contained a basic.publish.
    var publishedThisBatch = false
    /// The last read batch contained a basic.publish: the connection counts as a publisher.
    var publishedLastBatch = false
    /// Reading is off (alarm or flow): heartbeat timeouts are not checked meanwhile.
    var readPaused = false
    /// Queues this read batch published to (vhost, name), in order, repeats folded.
    var fedThisBatch: [(VirtualHost, String)] = []
    /// Backlogged queues this connection fed: it is not read until they drain.
    var waitingOn: [Queue] = []

    public init(node: BrokerNode, id: ConnectionID, frameLimit: FrameMaxLimit) {
        self.node = node
        self.id = id
        self.frameLimit = frameLimit
        self.channelMax = node.configuration.channelMax
        var logger = Logger(label: "shakedown-broker.connection")
        logger[metadataKey: "connection"] = "\(id.rawValue)"
        self.logger = logger
    }

    // MARK: - Channel events

    public func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    public func channelActive(context: ChannelHandlerContext) {
        if let remote = context.remoteAddress { peerDescription = "\(remote)" }
        if let local = context.localAddress { fromLoopback = isLoopback(local) }
        node.register(self)
        logger.info("accepting AMQP connection \(peerDescription)")
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        handshakeTimer = context.eventLoop.scheduleTask(in: node.configuration.handshakeTimeout) {
            bound.value.handshakeTimedOut()
        }
        context.fireChannelActive()
    }

    public func channelInactive(context: ChannelHandlerContext) {
        tearDown()
        context.fireChannelInactive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        receivedSinceCheck = true
        switch unwrapInboundIn(data) {
        case .protocolHeader(let header): receivedProtocolHeader(header)
        case .frame(let frame): received(frame)
        case .error(let error): receivedFrameError(error)
        }
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        readBatchEnded()
        flushNow()
        node.modelChanged()
        node.reviewBacklogs()
        context.fireChannelReadComplete()
    }

    public func errorCaught(context: ChannelHandlerContext, error: Error) {
        logger.debug("closing AMQP connection \(peerDescription): \(error)")
        context.close(promise: nil)
    }

    // MARK: - Writing

    /// Writes without flushing; the read batch (or a scheduled flush) flushes.
    func send(_ outbound: AMQPOutbound) {
        guard let context, phase != .closed else { return }
        sentSinceCheck = true
        context.write(wrapOutboundOut(outbound), promise: nil)
    }

    func send(method: Method, channel: UInt16 = 0) {
        send(.frame(.method(channel: channel, method)))
    }

    /// A command with content, in frames no larger than the negotiated frame_max.
    func send(_ command: Command) {
        send(.frames(command.frames(frameMax: frameMax)))
    }

    /// Flushes once the current work is done: deliveries caused by another connection's
    /// publish are written here and flushed after that connection's read batch.
    func scheduleFlush() {
        guard !flushScheduled, let context else { return }
        flushScheduled = true
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.execute { bound.value.flushNow() }
    }

    func flushNow() {
        flushScheduled = false
        context?.flush()
    }

    /// Closes the socket once what was written has gone out.
    func closeSocket() {
        guard let context, phase != .closed else { return }
        phase = .closed
        // An empty write completes after everything written before it.
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.frames([])), promise: written)
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        written.futureResult.whenComplete { _ in bound.value.close(promise: nil) }
    }

    /// Closes the socket with a reset (SO_LINGER 0), as RabbitMQ's listener does
    /// (`{linger, {true, 0}}`). Used where nothing written is still on its way.
    func resetSocket() {
        guard let context, phase != .closed else { return }
        phase = .closed
        guard let provider = context.channel as? SocketOptionProvider else {
            context.close(promise: nil)
            return
        }
        let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
        provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in bound.value.close(promise: nil) }
    }

    /// After close-ok: the client closes; the socket closes anyway after the close-ok timeout.
    func awaitClientClose() {
        phase = .closing
        guard let context else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        closeTimer = context.eventLoop.scheduleTask(in: node.configuration.closeOkTimeout) { bound.value.resetSocket() }
    }

    /// Channels go (unacked messages back to their queues), exclusive queues go, timers stop.
    func tearDown() {
        guard context != nil else { return }
        phase = .closed
        closeAllChannels()
        for task in heartbeatTasks { task.cancel() }
        heartbeatTasks = []
        handshakeTimer?.cancel()
        closeTimer?.cancel()
        node.unregister(self)
        context = nil
    }

    func closeAllChannels() {
        let open = channels.values
        channels = [:]
        for channel in open { channel.terminate() }
    }

    // MARK: - Frames

    func received(_ frame: Frame) {
        switch phase {
        case .closing:
            // After connection.close only close-ok (or a crossing close) counts.
            if case .method(0, .connection(let method)) = frame { receivedWhileClosing(method) }
            return
        case .silentlyClosing, .closed, .awaitingHeader:
            return
        default:
            break
        }
        // After channel.close, a channel ignores everything but close and close-ok, outside
        // the assembler (rabbit_reader's closing channels).
        if frame.channel != 0, let channel = channels[frame.channel], channel.isClosing {
            if case .method(_, .channel(let method)) = frame { channel.receivedWhileClosing(method) }
            return
        }
        let command: Command?
        do {
            command = try assembler.append(frame)
        } catch {
            connectionError(.rabbit(.unexpectedFrame, error.text, classID: error.classID, methodID: error.methodID))
            return
        }
        if let command { dispatch(command) }
    }

    func dispatch(_ command: Command) {
        if command.channel == 0 {
            dispatchConnectionMethod(command.method)
            return
        }
        guard phase == .running else {
            handshakeFailed("\(command.method.name) on channel \(command.channel) before connection.open")
            return
        }
        dispatchChannelCommand(command)
    }

    /// A method on channel 0 for the current phase.
    func dispatchConnectionMethod(_ method: Method) {
        switch (phase, method) {
        case (.starting, .connection(.startOk(let startOk))): receivedStartOk(startOk)
        case (.tuning, .connection(.tuneOk(let tune))): receivedTuneOk(tune)
        case (.opening, .connection(.open(let open))): receivedOpen(open)
        case (.running, .connection(.close)):
            // RabbitMQ answers close-ok and leaves closing the socket to the client.
            send(method: .connection(.closeOk))
            closeAllChannels()
            awaitClientClose()
        case (.running, .connection(.closeOk)),
            (.running, .connection(.start)), (.running, .connection(.tune)), (.running, .connection(.openOk)),
            (.running, .connection(.secure)):
            connectionError(.rabbit(.commandInvalid, "unimplemented method", classID: method.classID, methodID: method.methodID))
        case (.running, _):
            connectionError(
                .rabbit(.channelError, "unexpected method in connection state running", classID: method.classID, methodID: method.methodID))
        default:
            handshakeFailed("unexpected method \(method.name) in connection state \(phase.rabbitName)")
        }
    }

    func receivedWhileClosing(_ method: ConnectionMethod) {
        switch method {
        case .closeOk:
            closeSocket()
        case .close:
            send(method: .connection(.closeOk))
            flushNow()
        default:
            break
        }
    }

    /// A method on channel 1…: channel.open creates the channel; anything else goes to it.
    func dispatchChannelCommand(_ command: Command) {
        let number = command.channel
        let method = command.method
        guard let channel = channels[number] else {
            guard case .channel(.open) = method else {
                connectionError(.rabbit(.channelError, "expected 'channel.open'", classID: method.classID, methodID: method.methodID))
                return
            }
            openChannel(number)
            return
        }
        if case .channel(.open) = method {
            connectionError(.rabbit(.channelError, "second 'channel.open' seen", classID: method.classID, methodID: method.methodID))
            return
        }
        channel.handle(command)
    }

    func openChannel(_ number: UInt16) {
        // rabbit_reader:create_channel counts open channels against channel_max.
        if channelMax != 0, channels.count >= Int(channelMax) {
            connectionError(
                .rabbit(.notAllowed, "number of channels opened (\(channels.count)) has reached the negotiated channel_max (\(channelMax))"))
            return
        }
        guard let vhost else { return }
        let channel = BrokerChannel(number: number, connection: self, vhost: vhost)
        // Opened while the socket is backed up: no deliveries until it drains.
        if context?.channel.isWritable == false { channel.consumers.isPaused = true }
        channels[number] = channel
        send(method: .channel(.openOk(channelID: [])), channel: number)
    }

    /// The channel is gone for good (close-ok exchanged): its number may be opened again.
    func forgetChannel(_ number: UInt16) {
        channels[number] = nil
        assembler.reset(channel: number)
    }
}
