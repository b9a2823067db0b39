import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// A replica's connection to its master, through Redis 7.0's handshake (`syncWithMaster`):
/// PING; then, pipelined, AUTH (with `masterauth`), REPLCONF listening-port, REPLCONF
/// ip-address (with `replica-announce-ip`), REPLCONF capa eof capa psync2; then PSYNC. After
/// +FULLRESYNC comes the snapshot, after +CONTINUE (or the snapshot) the command stream,
/// which `MasterStream` applies.
final class MasterLink: @unchecked Sendable {
    enum Phase {
        case connecting
        case awaitingPong
        /// Replies still expected to the pipelined AUTH / REPLCONF commands.
        case awaitingReplies([Step])
        case awaitingPsync
        case transfer
        case streaming
        case closed
    }

    enum Step {
        case auth, listeningPort, ipAddress, capabilities
    }

    unowned(unsafe) let replication: Replication
    let host: String
    let port: Int
    private(set) var phase = Phase.connecting
    private var channel: Channel?
    /// Received bytes not consumed yet.
    private var input = ByteBuffer()
    private var transfer: SyncPayloadReader?
    /// Unix ms of the last bytes received (or of the connection attempt).
    private(set) var lastIO: Int64

    init(replication: Replication, host: String, port: Int) {
        self.replication = replication
        self.host = host
        self.port = port
        self.lastIO = replication.node.clock()
    }

    private var node: RedisNode { replication.node }

    /// Transfer progress for INFO: bytes announced (0 when the master did not say) and read.
    var transferProgress: (total: Int, read: Int) {
        guard let transfer else { return (0, 0) }
        if case .length(let n) = transfer.framing { return (n, transfer.received) }
        return (0, transfer.received)
    }

    func connect() {
        // A loop without sockets (unit tests' EmbeddedEventLoop): the connect just fails.
        guard let base = ClientBootstrap(validatingGroup: node.loop) else {
            node.loop.execute { [self] in
                if case .connecting = phase { fail("Error condition on socket for SYNC: no sockets on this event loop") }
            }
            return
        }
        let bootstrap = base
            .connectTimeout(.seconds(Int64(replication.settings.timeout)))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { [self] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(MasterLinkHandler(link: self))
                }
            }
        let connecting = OutboundConnect.connect(bootstrap, host: host, port: port, source: node.config.bindSourceAddress)
        connecting.whenComplete { [self] result in
            switch result {
            case .success(let channel):
                guard case .connecting = phase else {
                    channel.close(promise: nil)
                    return
                }
                self.channel = channel
                lastIO = node.clock()
                node.log.notice("Non blocking connect for SYNC fired the event.")
                phase = .awaitingPong
                replication.linkConnected(self)
                send(["PING"])
            case .failure(let error):
                guard case .connecting = phase else { return }
                fail("Error condition on socket for SYNC: \(Self.describe(error))")
            }
        }
    }

    /// "Connection refused" rather than NIO's nested error values, as Redis logs it.
    static func describe(_ error: Error) -> String {
        if let failure = error as? NIOConnectionError, let first = failure.connectionErrors.first {
            return describe(first.error)
        }
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)) }
        return "\(error)"
    }

    /// Closes the connection; nothing more is reported for it.
    func close() {
        if case .closed = phase { return }
        phase = .closed
        channel?.close(promise: nil)
        channel = nil
    }

    func send(_ command: [String]) {
        guard let channel else { return }
        channel.writeAndFlush(CommandStreamEncoding.encode(command), promise: nil)
    }

    // MARK: Events from the channel

    func received(_ buffer: ByteBuffer) {
        if case .closed = phase { return }
        lastIO = node.clock()
        replication.stats.inputBytes += buffer.readableBytes
        if input.readableBytes == 0 {
            input = buffer
        } else {
            var more = buffer
            input.writeBuffer(&more)
        }
        do {
            try process()
        } catch {
            fail(error.description)
        }
    }

    func channelClosed() {
        if case .closed = phase { return }
        phase = .closed
        channel = nil
        replication.linkClosed(self)
    }

    private func fail(_ reason: String) {
        if case .closed = phase { return }
        close()
        replication.linkFailed(self, reason)
    }

    // MARK: The handshake

    private func process() throws(ReplicationError) {
        while true {
            switch phase {
            case .connecting, .closed:
                return
            case .awaitingPong:
                guard let line = try SyncPayloadReader.readLine(&input) else { return }
                // A master that wants AUTH answers PING with an error: that is fine too.
                guard line.hasPrefix("+") || line.hasPrefix("-NOAUTH") || line.hasPrefix("-NOPERM")
                    || line.hasPrefix("-ERR operation not permitted")
                else { throw ReplicationError("Error reply to PING from master: '\(line)'") }
                node.log.notice("Master replied to PING, replication can continue...")
                sendHandshake()
            case .awaitingReplies(var steps):
                guard let line = try SyncPayloadReader.readLine(&input) else { return }
                let step = steps.removeFirst()
                try check(line, for: step)
                if steps.isEmpty {
                    let request = replication.psyncRequest()
                    send(["PSYNC", request.id, String(request.offset)])
                    phase = .awaitingPsync
                } else {
                    phase = .awaitingReplies(steps)
                }
            case .awaitingPsync:
                guard let line = try SyncPayloadReader.readLine(&input) else { return }
                switch PsyncReply(line: line) {
                case .keepalive:
                    continue
                case .fullResync(let id, let offset):
                    replication.fullResyncAnnounced(id: id, offset: offset)
                    transfer = SyncPayloadReader()
                    phase = .transfer
                case .partial(let newID):
                    phase = .streaming
                    guard replication.partialResyncAccepted(self, newID: newID) else { return }
                case .tryLater(let reply):
                    throw ReplicationError("Master is currently unable to PSYNC but should be in the future: \(reply)")
                case .unsupported(let reply):
                    throw ReplicationError(
                        reply.hasPrefix("-ERR")
                            ? "Master does not support PSYNC or is in error state (reply: \(reply))"
                            : "Unexpected reply to PSYNC from master: \(reply)")
                }
            case .transfer:
                let hadFraming = transfer!.framing != nil
                let payload = try transfer!.consume(&input)
                if !hadFraming, let framing = transfer!.framing {
                    switch framing {
                    case .length(let n):
                        node.log.notice("MASTER <-> REPLICA sync: receiving \(n) bytes from master to disk")
                    case .mark:
                        node.log.notice("MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk")
                    }
                }
                guard let payload else { return }
                var marked = false
                if case .mark = transfer!.framing { marked = true }
                transfer = nil
                phase = .streaming
                guard replication.loadSnapshot(payload, from: self, marked: marked) else {
                    phase = .closed
                    return
                }
            case .streaming:
                guard input.readableBytes > 0, let master = replication.master, master.link === self else { return }
                let chunk = input
                input = ByteBuffer()
                master.apply(chunk)
                return
            }
        }
    }

    private func sendHandshake() {
        var steps: [Step] = []
        let settings = replication.settings
        if !settings.masterAuth.isEmpty {
            send(["AUTH"] + (settings.masterUser.isEmpty ? [] : [settings.masterUser]) + [settings.masterAuth])
            steps.append(.auth)
        }
        let port = settings.announcePort != 0 ? settings.announcePort : node.boundPort
        send(["REPLCONF", "listening-port", String(port)])
        steps.append(.listeningPort)
        if !settings.announceIP.isEmpty {
            send(["REPLCONF", "ip-address", settings.announceIP])
            steps.append(.ipAddress)
        }
        send(["REPLCONF", "capa", "eof", "capa", "psync2"])
        steps.append(.capabilities)
        phase = .awaitingReplies(steps)
    }

    private func check(_ reply: String, for step: Step) throws(ReplicationError) {
        guard reply.hasPrefix("-") else { return }
        switch step {
        case .auth:
            throw ReplicationError("Unable to AUTH to MASTER: \(reply)")
        case .listeningPort:
            node.log.notice("(Non critical) Master does not understand REPLCONF listening-port: \(reply)")
        case .ipAddress:
            node.log.notice("(Non critical) Master does not understand REPLCONF ip-address: \(reply)")
        case .capabilities:
            node.log.notice("(Non critical) Master does not understand REPLCONF capa: \(reply)")
        }
    }
}

/// Hands the link's bytes and its closing to the `MasterLink`.
final class MasterLinkHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let link: MasterLink

    init(link: MasterLink) {
        self.link = link
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        link.received(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        link.channelClosed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
