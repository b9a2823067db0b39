import Capture
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// One connection through a node's proxy: the accepted side (from the connecting node or the
/// runner's client) and the side to the node itself, with a gate each way. It knows the link
/// both ways: `client` is the node the connection came from, by its source address (nil for
/// the runner's clients, whose traffic no fault touches).
///
/// Mutable state is confined to `loop`; the backend reaches it through `loop`.
final class ProxyConnection: @unchecked Sendable {
    let id: Int
    let client: String?
    let server: String
    let loop: EventLoop
    private let seed: UInt64
    private let inbound: Channel
    private var upstream: Channel?
    private var toServer: DirectionGate?
    private var toClient: DirectionGate?
    private var faults: LinkFaults
    private var closed = false
    /// The accepted side's close future fired (it may not be active yet without being closed).
    private var inboundClosed = false
    /// What is forwarded, for the backend's capture without root; nil when not capturing.
    private let recording: ProxyRecording?

    init(
        id: Int, client: String?, server: String, inbound: Channel, faults: LinkFaults, seed: UInt64,
        recording: ProxyRecording? = nil
    ) {
        self.id = id
        self.client = client
        self.server = server
        self.inbound = inbound
        self.loop = inbound.eventLoop
        self.faults = faults
        self.seed = seed
        self.recording = recording
    }

    private var upLink: Link? { client.map { Link(from: $0, to: server) } }
    private var downLink: Link? { client.map { Link(from: server, to: $0) } }

    /// Connects to the node (from 127.0.0.1, which passes Redis's protected mode) on the
    /// inbound side's loop; `done` runs once both sides are closed.
    func start(target host: String, port: Int, done: @escaping @Sendable () -> Void) {
        loop.assertInEventLoop()
        let connection = self
        try? inbound.pipeline.syncOperations.addHandler(ProxySideHandler(connection: self, isInbound: true))
        inbound.closeFuture.whenComplete { _ in connection.inboundClosed = true }
        let connecting = ClientBootstrap(group: loop)
            .channelOption(ChannelOptions.autoRead, value: false)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        ProxySideHandler(connection: connection, isInbound: false))
                }
            }
            .bind(to: try! SocketAddress(ipAddress: LoopbackAddresses.client, port: 0))
            .connect(host: host, port: port)
        connecting.whenComplete { result in
            switch result {
            case .success(let channel): connection.attach(channel)
            case .failure:
                // The node is not there: the client sees a refused connection.
                connection.recording?.ended(.server, reset: true)
                Self.reset(connection.inbound)
            }
        }
        let upstreamClosed = connecting.flatMap { $0.closeFuture }.recover { _ in }
        inbound.closeFuture.and(upstreamClosed).whenComplete { _ in done() }
    }

    private func attach(_ channel: Channel) {
        // Not `inbound.isActive`: the upstream connect can complete before the accepted side
        // is active, and closing it then left the client connected to nothing, for good.
        guard !closed, !inboundClosed else {
            channel.close(promise: nil)
            return
        }
        upstream = channel
        toServer = DirectionGate(
            from: inbound, to: channel, seed: seed &* 2, onDelivery: recording.map { recording in { recording.delivered($0, from: .client) } })
        toClient = DirectionGate(
            from: channel, to: inbound, seed: seed &* 2 &+ 1,
            onDelivery: recording.map { recording in { recording.delivered($0, from: .server) } })
        apply(faults)
    }

    /// The faults in force changed.
    func apply(_ faults: LinkFaults) {
        loop.assertInEventLoop()
        self.faults = faults
        toServer?.update(
            loss: upLink.map(faults.lossProbability) ?? 0, delay: upLink.map(faults.delay) ?? .zero)
        toClient?.update(
            loss: downLink.map(faults.lossProbability) ?? 0, delay: downLink.map(faults.delay) ?? .zero)
    }

    /// Whether this connection runs between `a` and `b`, either way.
    func joins(_ a: String, _ b: String) -> Bool {
        (client == a && server == b) || (client == b && server == a)
    }

    /// TCP RST to both ends, now; what was held is lost with the connection.
    func reset() {
        loop.assertInEventLoop()
        closed = true
        toServer?.discard()
        toClient?.discard()
        // Both ends get an RST; the capture shows it once, as the server's.
        recording?.ended(.server, reset: true)
        Self.reset(inbound)
        if let upstream { Self.reset(upstream) }
    }

    /// Closes both ends (tear-down).
    func close() {
        loop.assertInEventLoop()
        closed = true
        toServer?.discard()
        toClient?.discard()
        recording?.closedByProxy()
        inbound.close(promise: nil)
        upstream?.close(promise: nil)
    }

    /// Closes `channel` with SO_LINGER 0, so that the peer gets an RST, not a FIN.
    static func reset(_ channel: Channel) {
        guard channel.isActive, let socket = channel as? SocketOptionProvider else {
            channel.close(promise: nil)
            return
        }
        socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
    }

    fileprivate func gate(readingFrom inbound: Bool) -> DirectionGate? { inbound ? toServer : toClient }
    fileprivate func gate(writingTo inbound: Bool) -> DirectionGate? { inbound ? toClient : toServer }
}

/// Hands what one side reads to the gate that forwards it, and the side's writability to the
/// gate that writes to it.
private final class ProxySideHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let connection: ProxyConnection
    private let isInbound: Bool

    init(connection: ProxyConnection, isInbound: Bool) {
        self.connection = connection
        self.isInbound = isInbound
    }

    /// The accepted side may become active after the upstream connect completed (the
    /// initializer runs before activation): the gates, which read only from and write only to
    /// active channels, must look again, or the connection stalls for good.
    func channelActive(context: ChannelHandlerContext) {
        connection.gate(readingFrom: isInbound)?.updateReading()
        connection.gate(writingTo: isInbound)?.updateReading()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connection.gate(readingFrom: isInbound)?.receive(.data(unwrapInboundIn(data)))
    }

    func channelInactive(context: ChannelHandlerContext) {
        connection.gate(readingFrom: isInbound)?.receive(.end(reset: false))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        connection.gate(readingFrom: isInbound)?.receive(.end(reset: true))
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        connection.gate(writingTo: isInbound)?.updateReading()
        context.fireChannelWritabilityChanged()
    }
}
