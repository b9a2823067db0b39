import AMQP
import NIOCore

/// Replays one captured AMQP 0-9-1 connection: its own handshake (the captured one is neither
/// sent nor compared), captured channels mapped to the lowest free ones, server-generated
/// names and tags mapped (`AMQPValueMap`), and server commands compared per channel in order.
final class AMQPReplaySession: ReplaySession, @unchecked Sendable {
    private enum Phase {
        case connecting, handshaking, ready, closing, closed
    }

    private struct Outgoing {
        var command: Command
        /// The opening of its channel it belongs to (`AMQPReplyLanes`).
        var epoch = 0
        /// Its number among the capture's client commands (`clientCommands`).
        var index = 0
    }

    typealias Expected = AMQPReplyLanes.Expected

    private let target: ReplayAddress
    private var channel: (any Channel)?
    private var phase = Phase.connecting
    private var hasDeliveries = false
    private var handshake: AMQPReplayHandshake?
    private var capturedVirtualHost: String?
    private var frameMax: UInt32 = 131_072
    private var frameLimit: FrameMaxLimit?
    private var assembler = CommandAssembler()
    private var outbound = CircularBuffer<Outgoing>()
    private var channelMap: [UInt16: UInt16] = [:]
    private var usedChannels: Set<UInt16> = []
    // Not private: the comparison (`AMQPReplaySession+Comparison.swift`) reads them.
    var values = AMQPValueMap()
    var lanes = AMQPReplyLanes()
    /// The capture's client connection.close, or the replay's own when the capture has none,
    /// is queued (sent last, as the barrier after which the target sends nothing).
    private var closeQueued = false
    /// A connection.close the captured server sent.
    var capturedServerClose: Expected?
    /// The target's connection.close, answered, while the capture has not shown its server's
    /// yet: decided when that arrives, or when the capture ends without it (`closeClient`).
    private var targetClose: CloseReason?
    private var lastRequest: [UInt16: (text: String, index: Int, packet: Int)] = [:]
    private var clientCommands = 0
    /// The `index` of the last client command sent or settled: they leave `outbound` in order,
    /// so every reply the capture got to a command up to it may be awaited from the target.
    private var handledThrough = 0

    init(eventLoop: any EventLoop, options: ReplayOptions, rules: ReplayIgnoreRules, report: ReplayConnectionReport, target: ReplayAddress) {
        self.target = target
        super.init(eventLoop: eventLoop, options: options, rules: rules, report: report)
    }

    /// Nothing once the connection is closed: the target will send no more.
    override var awaitingReplies: Int { phase == .closed ? 0 : outbound.count + lanes.unpaired + (phase == .closing ? 1 : 0) }

    override func start() {
        connect(to: target) { channel in
            let operations = channel.pipeline.syncOperations
            // The target's frames may be as large as tune allows; the decoder's default is the
            // 4096 that applies before tune. Raised to the agreed frame_max once it is known.
            let limit = FrameMaxLimit(frameMax: 131_072)
            self.frameLimit = limit
            try operations.addHandler(ByteToMessageHandler(AMQPFrameDecoder(mode: .client, limit: limit)))
            try operations.addHandler(
                ReplayChannelHandler<AMQPInbound>(
                    onValue: { self.inbound($0) }, onBatchEnd: { self.batchEnded() }, onEnd: { self.channelEnded(error: $0) }))
        } connected: { channel in
            self.channel = channel
            self.beginHandshake()
        }
    }

    /// Once connected and the capture's first messages are in (its connection.open names the
    /// virtual host to use when the options do not).
    private func beginHandshake() {
        guard phase == .connecting, hasDeliveries, let channel else { return }
        phase = .handshaking
        let vhost = options.amqpCredentials.virtualHost ?? capturedVirtualHost ?? "/"
        handshake = AMQPReplayHandshake(credentials: options.amqpCredentials, virtualHost: vhost)
        channel.writeAndFlush(ByteBuffer(bytes: ProtocolHeader.amqp091.bytes), promise: nil)
    }

    override func deliver(_ messages: [ConversationMessage]) {
        guard !isFinished else { return }
        for message in messages {
            if message.direction == .clientToServer {
                captured(clientMessage: message)
            } else {
                captured(serverMessage: message)
            }
        }
        hasDeliveries = true
        beginHandshake()
        pump()
        progressed()
    }

    private func captured(clientMessage message: ConversationMessage) {
        // Protocol header, heartbeats: the replay has its own. After the close (a publisher's
        // frames that crossed the server's close come after it in the capture) nothing more is
        // sent, but the reading thread waits for every client message to be settled.
        guard phase != .closed, case .amqp(let command) = message.message else {
            settled += 1
            return
        }
        if command.channel == 0 {
            if case .connection(.open(let open)) = command.method { capturedVirtualHost = open.virtualHost }
            if case .connection(.close) = command.method, !closeQueued {
                queueClose()
            } else {
                settled += 1
            }
            return
        }
        clientCommands += 1
        lastRequest[command.channel] = (AMQPFields.describe(command), clientCommands, message.packetNumber)
        let channel = replayChannel(for: command.channel)
        if case .channel(.open) = command.method { lanes.clientOpened(channel) }
        outbound.append(Outgoing(command: command, epoch: lanes.captureEpoch(channel), index: clientCommands))
    }

    private func queueClose() {
        closeQueued = true
        let close = Command(channel: 0, method: .connection(.close(.init(replyCode: 200, replyText: "Goodbye", classID: 0, methodID: 0))))
        outbound.append(Outgoing(command: close, index: clientCommands))
    }

    private func captured(serverMessage message: ConversationMessage) {
        guard case .amqp(let command) = message.message, command.channel != 0 else {
            if case .amqp(let command) = message.message, case .connection(.close) = command.method {
                if targetClose != nil {
                    // The target closed the connection first: they match.
                    targetClose = nil
                    reportLeftovers()
                } else {
                    capturedServerClose = Expected(command: command, request: "connection", requestIndex: 0, packetNumber: message.packetNumber, epoch: 0)
                }
            }
            capturedServerSkipped += 1  // handshake, connection close, heartbeats
            return
        }
        if phase == .closed && targetClose == nil {
            capturedServerSkipped += 1  // after both closes: nothing more to set them beside
            return
        }
        let channel = replayChannel(for: command.channel)
        let request = lastRequest[command.channel] ?? (command.method.name, 0, message.packetNumber)
        let expectation = Expected(
            command: command, request: request.text, requestIndex: request.index, packetNumber: request.packet, epoch: lanes.captureEpoch(channel))
        guard lanes.expect(expectation, channel: channel) else {
            capturedServerSkipped += 1  // the target closed this channel where the capture went on
            return
        }
        values.announce(command.method, channel: channel)
        pair(AMQPLane(channel: channel, method: command.method))
    }

    override func closeClient() {
        // The capture ended without its server closing the connection the target closed.
        if let reason = targetClose {
            targetClose = nil
            targetClosedConnection(reason)
        }
        // The capture may end without a connection.close; the replay closes anyway, and only
        // after the target's close-ok is everything it will send known.
        if !closeQueued && !isFinished && phase != .closing && phase != .closed {
            queueClose()
            pump()
        }
        super.closeClient()
    }

    /// The replay channel a captured channel stands for: the lowest free, kept for the
    /// connection's life.
    private func replayChannel(for captured: UInt16) -> UInt16 {
        if let mapped = channelMap[captured] { return mapped }
        var candidate: UInt16 = 1
        while usedChannels.contains(candidate) && candidate < UInt16.max { candidate += 1 }
        usedChannels.insert(candidate)
        channelMap[captured] = candidate
        return candidate
    }

    /// Writes client commands in order until one waits for a value the target has not sent yet.
    private func pump() {
        guard phase == .ready, let channel else { return }
        let wasIdle = lanes.unpaired == 0
        var buffer = channel.allocator.buffer(capacity: 1024)
        var sent = 0
        while let next = outbound.first {
            let command = next.command
            let mapped = command.channel == 0 ? 0 : replayChannel(for: command.channel)
            if command.channel != 0 && lanes.isSkipped(mapped, epoch: next.epoch) {
                takeFirst()
                settled += 1
                continue
            }
            if values.waitingKey(command.method, channel: mapped) != nil { break }
            // An ack, nack or reject of a delivery the target never made (given up at the reply
            // timeout): the target would close the channel with PRECONDITION_FAILED (unknown
            // delivery tag), and everything after it on the channel would diverge.
            if values.namesForgottenDeliveryTag(command.method, channel: mapped) {
                takeFirst()
                settled += 1
                continue
            }
            if command.channel != 0 && !lanes.mayGo(on: mapped, epoch: next.epoch) { break }
            // What the capture's server sent before the close, the target gets the time to send.
            if command.channel == 0 && lanes.unpaired > 0 { break }
            takeFirst()
            if command.channel != 0 { lanes.sent(on: mapped, epoch: next.epoch) }
            let rewritten = Command(channel: mapped, method: values.rewrite(command.method, channel: mapped), content: command.content)
            do {
                for frame in rewritten.frames(frameMax: frameMax) { try frame.encode(into: &buffer) }
            } catch {
                problem("\(report.connection): \(command.method.name) could not be encoded: \(error)")
            }
            settled += 1
            sent += 1
            if command.channel == 0 { phase = .closing }
        }
        if sent > 0 {
            noteSent(sent, wasIdle: wasIdle)
            channel.writeAndFlush(buffer, promise: nil)
        }
    }

    /// Lets the head of `outbound` go (sent or settled).
    private func takeFirst() {
        guard !outbound.isEmpty else { return }
        handledThrough = outbound.removeFirst().index
    }

    private func inbound(_ inbound: AMQPInbound) {
        guard !isFinished else { return }
        switch inbound {
        case .protocolHeader(let header):
            fail("\(target) refused the protocol header and answered \(header.bytes)")
        case .error(let error):
            fail("\(target) sent a bad frame: \(error)")
        case .frame(.heartbeat):
            break
        case .frame(let frame):
            do throws(UnexpectedFrame) {
                if let command = try assembler.append(frame) {
                    received(command)
                } else if let overrun = assembler.bodyOverrun(channel: frame.channel) {
                    fail("\(target) sent body frames \(overrun) bytes past the content header's body size on channel \(frame.channel)")
                }
            } catch {
                fail("\(target) sent an unexpected frame: \(error)")
            }
        }
    }

    private func received(_ command: Command) {
        if command.channel == 0 {
            receivedOnConnection(command.method)
            return
        }
        received += 1
        if lanes.isStrayCloseOk(command) { return }
        if case .channel(.close) = command.method {
            let awaited = lanes.awaitedReply(on: command.channel)
            if let awaited, !Self.isChannelClose(awaited.command) {
                closedByTarget(command, counterpart: awaited, answered: false)
                pump()
                return
            }
            if awaited == nil {
                // The capture's reply may not have reached the replay yet (the reading thread
                // hands messages over in batches): answer now, set it beside that reply later.
                write([Command(channel: command.channel, method: .channel(.closeOk))])
                lanes.closeAnswered(on: command.channel)
            }
        }
        lanes.replayed(command)
        pair(AMQPLane(channel: command.channel, method: command.method))
        pump()
    }

    private static func isChannelClose(_ command: Command) -> Bool {
        if case .channel(.close) = command.method { return true }
        return false
    }

    private func receivedOnConnection(_ method: Method) {
        switch (phase, method) {
        case (.handshaking, _):
            guard var handshake else { return }
            let step = handshake.receive(method)
            self.handshake = handshake
            switch step {
            case .success(.send(let methods)):
                write(methods.map { Command(channel: 0, method: $0) })
            case .success(.done(let frameMax)):
                self.frameMax = frameMax
                frameLimit?.frameMax = frameMax
                phase = .ready
                pump()
            case .failure(let failure):
                fail(failure.reason)
            }
        case (_, .connection(.closeOk)):
            phase = .closed
            reportLeftovers()
            channel?.close(promise: nil)
        case (_, .connection(.close(let reason))):
            write([Command(channel: 0, method: .connection(.closeOk))])
            // Nothing more goes out; the reading thread waits for the dropped to be settled.
            settled += outbound.count
            outbound.removeAll()
            phase = .closed
            if capturedServerClose != nil {
                capturedServerClose = nil
                reportLeftovers()
            } else if clientClosed {
                targetClosedConnection(reason)
            } else {
                targetClose = reason  // the capture's may still come
            }
            // Last: its end may finish the session at once.
            channel?.close(promise: nil)
        default:
            break
        }
    }

    private func write(_ commands: [Command]) {
        guard let channel else { return }
        var buffer = channel.allocator.buffer(capacity: 256)
        for command in commands {
            for frame in command.frames(frameMax: frameMax) { try? frame.encode(into: &buffer) }
        }
        channel.writeAndFlush(buffer, promise: nil)
    }

    /// Sets the k-th captured server command of a channel beside the k-th the target sent.
    private func pair(_ lane: AMQPLane) {
        while let (expectedCommand, actual) = lanes.nextPair(on: lane) {
            if Self.isChannelClose(actual) && !Self.isChannelClose(expectedCommand.command) {
                closedByTarget(actual, counterpart: expectedCommand, answered: true)
                return
            }
            values.learn(captured: expectedCommand.command.method, replayed: actual.method, channel: lane.channel)
            if options.compare { compare(expectedCommand, actual, channel: lane.channel) }
        }
    }

    /// The target closed the connection where the capture's server did not.
    private func targetClosedConnection(_ reason: CloseReason) {
        if options.compare { divergedMethod(expected: nil, actual: Command(channel: 0, method: .connection(.close(reason))), context: nil, channel: 0) }
        fail("\(target) closed the connection: \(reason.replyCode) \(reason.replyText)")
    }

    /// The target closed a channel the capture kept open (a 404 where the capture had a
    /// declare-ok, `counterpart`): one divergence, then that channel opening is cut off rather
    /// than every later command on it diverging from silence. `answered`: the replay already
    /// sent close-ok, and `counterpart` was paired with the close (it arrived after it).
    private func closedByTarget(_ close: Command, counterpart: Expected, answered: Bool) {
        let channel = close.channel
        if !answered { write([Command(channel: channel, method: .channel(.closeOk))]) }
        let dropped = lanes.cutOff(channel, epoch: counterpart.epoch)
        capturedServerSkipped += dropped.count
        for expectation in dropped + (answered ? [counterpart] : []) { values.forget(expectation.command.method, channel: channel) }
        guard options.compare else { return }
        compared()
        divergedMethod(expected: counterpart.command, actual: close, context: counterpart, channel: channel)
    }

    private func batchEnded() {
        guard !isFinished else { return }
        pump()
        progressed(byReplies: true)
    }

    private func channelEnded(error: String?) {
        let wasClosing = phase == .closing || phase == .closed
        let outstanding = wasClosing ? 0 : awaitingReplies
        if phase == .closing && !isFinished { reportLeftovers() }
        phase = .closed
        channel = nil
        connectionEnded(target, error: error, outstanding: outstanding, expected: wasClosing)
        progressed()
    }

    /// Only methods the server sends on its own are awaited (every reply to a request sent is
    /// in; those to requests still queued cannot have come):
    /// they are given up and reported missing at the end; client commands naming their values
    /// (an ack of a delivery the target never made) are settled unsent, and what follows and
    /// the close go on.
    override func replyTimeoutRanOut() -> Bool {
        guard phase == .ready, lanes.unpaired > 0, !lanes.awaitsReply(toRequestsThrough: handledThrough) else { return false }
        let abandoned = lanes.giveUpAsynchronous()
        guard !abandoned.isEmpty else { return false }
        capturedServerSkipped += abandoned.count  // other connections no longer wait for them
        for (channel, expectation) in abandoned { values.forget(expectation.command.method, channel: channel) }
        pump()
        return true
    }

    override func closeChannels() {
        guard let channel else { return }
        if phase == .ready {
            // The capture ended without a close: say goodbye before closing.
            write([Command(channel: 0, method: .connection(.close(.init(replyCode: 200, replyText: "Goodbye", classID: 0, methodID: 0))))])
            phase = .closing
        }
        channel.close(promise: nil)
    }
}
