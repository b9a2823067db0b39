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
    }

    private struct Expected {
        var command: Command
        var request: String
        var requestIndex: Int
        var packetNumber: Int
    }

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
    private var values = AMQPValueMap()
    private var expected: [Lane: CircularBuffer<Expected>] = [:]
    private var replayed: [Lane: CircularBuffer<Command>] = [:]
    private var unpaired = 0
    private var lastRequest: [UInt16: (text: String, index: Int, packet: Int)] = [:]
    private var clientCommands = 0

    init(eventLoop: any EventLoop, options: ReplayOptions, rules: ReplayIgnoreRules, report: ReplayConnectionReport, target: ReplayAddress) {
        self.target = target
        super.init(eventLoop: eventLoop, options: options, rules: rules, report: report)
    }

    override var awaitingReplies: Int { outbound.count + unpaired + (phase == .closing ? 1 : 0) }

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
        guard case .amqp(let command) = message.message else {
            settled += 1  // protocol header, heartbeats: the replay has its own
            return
        }
        if command.channel == 0 {
            if case .connection(.open(let open)) = command.method { capturedVirtualHost = open.virtualHost }
            if case .connection(.close) = command.method {
                outbound.append(Outgoing(command: Command(channel: 0, method: .connection(.close(.init(replyCode: 200, replyText: "Goodbye", classID: 0, methodID: 0))))))
            } else {
                settled += 1
            }
            return
        }
        clientCommands += 1
        lastRequest[command.channel] = (AMQPFields.describe(command), clientCommands, message.packetNumber)
        outbound.append(Outgoing(command: command))
    }

    private func captured(serverMessage message: ConversationMessage) {
        guard case .amqp(let command) = message.message, command.channel != 0 else {
            capturedServerSkipped += 1  // handshake, connection close, heartbeats
            return
        }
        let channel = replayChannel(for: command.channel)
        values.announce(command.method, channel: channel)
        let request = lastRequest[command.channel] ?? (command.method.name, 0, message.packetNumber)
        let lane = Lane(channel: channel, command: command)
        expected[lane, default: []].append(Expected(command: command, request: request.text, requestIndex: request.index, packetNumber: request.packet))
        unpaired += 1
        pair(lane)
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
        let wasIdle = unpaired == 0
        var buffer = channel.allocator.buffer(capacity: 1024)
        var sent = 0
        while let next = outbound.first {
            let command = next.command
            let mapped = command.channel == 0 ? 0 : replayChannel(for: command.channel)
            if values.waitingKey(command.method, channel: mapped) != nil { break }
            outbound.removeFirst()
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
        let lane = Lane(channel: command.channel, command: command)
        replayed[lane, default: []].append(command)
        pair(lane)
        pump()
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
            channel?.close(promise: nil)
        case (_, .connection(.close(let reason))):
            write([Command(channel: 0, method: .connection(.closeOk))])
            fail("\(target) closed the connection: \(reason.replyCode) \(reason.replyText)")
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
    private func pair(_ lane: Lane) {
        let channel = lane.channel
        while let expectedCommand = expected[lane]?.first, let actual = replayed[lane]?.first {
            expected[lane]?.removeFirst()
            replayed[lane]?.removeFirst()
            unpaired -= 1
            values.learn(captured: expectedCommand.command.method, replayed: actual.method, channel: channel)
            if options.compare { compare(expectedCommand, actual, channel: channel) }
        }
    }

    private func compare(_ expectation: Expected, _ actual: Command, channel: UInt16) {
        compared()
        var captured = expectation.command
        captured.method = values.rewrite(captured.method, channel: channel)
        let report = { (field: String, expected: String, actual: String) in
            self.diverged(
                requestIndex: expectation.requestIndex, request: expectation.request, field: field, expected: expected, actual: actual,
                packetNumber: expectation.packetNumber)
        }
        guard captured.method.name == actual.method.name else {
            report("method", AMQPFields.describe(captured), AMQPFields.describe(actual))
            return
        }
        let expectedFields = AMQPFields.of(captured)
        let actualFields = AMQPFields.of(actual)
        var actualByName: [String: String] = [:]
        for field in actualFields { actualByName[field.name] = field.value }
        var seen: Set<String> = []
        for field in expectedFields where !rules.amqpFields.contains(field.name) {
            seen.insert(field.name)
            let value = actualByName[field.name] ?? "(absent)"
            if value != field.value { report(field.name, field.value, value) }
        }
        for field in actualFields where !seen.contains(field.name) && !rules.amqpFields.contains(field.name) {
            report(field.name, "(absent)", field.value)
        }
    }

    private func batchEnded() {
        guard !isFinished else { return }
        pump()
        progressed(byReplies: true)
    }

    private func channelEnded(error: String?) {
        let wasClosing = phase == .closing || phase == .closed
        phase = .closed
        channel = nil
        connectionEnded(target, error: error, outstanding: wasClosing ? 0 : awaitingReplies, expected: wasClosing)
        progressed()
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

/// Server commands of one channel are paired in order within a lane: replies to the client's
/// synchronous requests in one, what the server sends on its own (deliveries, returns, publisher
/// confirms, a consumer cancelled by the server) in the other — those interleave with replies
/// differently from run to run.
private struct Lane: Hashable {
    var channel: UInt16
    var asynchronous: Bool

    init(channel: UInt16, command: Command) {
        self.channel = channel
        switch command.method {
        case .basic(.deliver), .basic(.return), .basic(.ack), .basic(.nack), .basic(.cancel), .channel(.flow): asynchronous = true
        default: asynchronous = false
        }
    }
}
