import AMQP
import Logging
import NIOCore
import NIOPosix

/// The running broker: one event loop that owns the model (`BrokerState`), the access
/// control store, the journal slot, and every client connection.
///
/// Threading: everything — the model, all connections and their channels — runs on one
/// event loop. The model is single-threaded by design and RabbitMQ serialises per queue
/// anyway; with one loop a publish reaches the consumer's socket without a hop, and on this
/// two-core machine a second loop would mostly add cross-loop handoffs. Callers elsewhere (the
/// management API) use the async methods of `BrokerNode+API`, which hop onto the loop.
/// Properties marked "loop-confined" may only be touched on `loop`.
public final class BrokerNode: @unchecked Sendable {
    public let configuration: BrokerConfiguration
    public let loop: EventLoop
    public let access: AccessControl
    /// Loop-confined.
    public let state: BrokerState
    /// The name connection.start reports as cluster_name.
    public let clusterName: String
    let logger = Logger(label: "shakedown-broker")

    /// The durability seam: set before `start()`. Loop-confined.
    public var journal: (any SyncedJournal)? {
        didSet { state.journal = journal }
    }

    /// Raised resource alarms. Loop-confined; change them with `setAlarm`.
    public private(set) var alarms: Set<ResourceAlarm> = []

    var connections: [ConnectionID: AMQPConnectionHandler] = [:]
    /// Connections whose socket buffer is over its high water mark (see updateAutoRead).
    private(set) var unwritableConnections: Set<ConnectionID> = []
    /// Publishers not read until the queues they fed drain (AMQPConnectionHandler+Flow).
    var waitingOnBacklog: Set<ConnectionID> = []
    /// Deliveries written to a connection already past its high water mark: flow control
    /// keeps this at 0 (tests check it). Loop-confined.
    public internal(set) var deliveryOverruns = 0
    /// How often a connection was paused (alarm or flow). Loop-confined.
    public internal(set) var readPauses = 0
    private var nextConnectionNumber: UInt64 = 1
    private var ownedGroup: MultiThreadedEventLoopGroup?
    private var serverChannel: Channel?
    private var timer: Scheduled<Void>?
    private var timerDeadline: Int64?

    /// `loop` nil: the node makes (and owns) a one-thread event loop group.
    public init(
        configuration: BrokerConfiguration = BrokerConfiguration(), access: AccessControl = AccessControl(),
        state: BrokerState? = nil, loop: EventLoop? = nil, clusterName: String = "rabbit@localhost"
    ) {
        self.configuration = configuration
        self.access = access
        self.clusterName = clusterName
        if let loop {
            self.loop = loop
        } else {
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            ownedGroup = group
            self.loop = group.next()
        }
        self.state = state ?? BrokerState()
    }

    /// The port the AMQP listener is bound to, once started.
    public var boundPort: Int? { serverChannel?.localAddress?.port }

    /// Binds the AMQP listener.
    public func start() async throws {
        let node = self
        var bootstrap = ServerBootstrap(group: loop)
            .serverChannelOption(ChannelOptions.backlog, value: 256)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            // Deliveries pause (and publishers with them) once this much waits in user space
            // for a consumer's socket: NIO's default of 64 KiB is ~750 small deliveries.
            .childChannelOption(ChannelOptions.writeBufferWaterMark, value: .init(low: 8_192, high: 16_384))
        // On the listener, so accepted sockets start with them (the receive window is chosen
        // in the handshake).
        for (option, value) in configuration.socketTuning.socketOptions {
            bootstrap = bootstrap.serverChannelOption(option, value: value)
        }
        let channel = try await bootstrap
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try node.addHandlers(to: channel.pipeline.syncOperations) }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
        serverChannel = channel
        logger.info("started TCP listener on \(configuration.host):\(channel.localAddress?.port ?? configuration.port)")
    }

    /// The handlers of one client connection; tests put them on an EmbeddedChannel.
    public func addHandlers(to pipeline: ChannelPipeline.SynchronousOperations) throws {
        let limit = FrameMaxLimit()
        try pipeline.addHandler(ByteToMessageHandler(AMQPFrameDecoder(mode: .server, limit: limit)))
        try pipeline.addHandler(MessageToByteHandler(AMQPFrameEncoder()))
        try pipeline.addHandler(AMQPConnectionHandler(node: self, id: makeConnectionID(), frameLimit: limit))
    }

    /// Closes the listener and every connection, then the loop if the node owns it.
    public func stop() async throws {
        try? await serverChannel?.close()
        try await loop.submit {
            for connection in self.connections.values { connection.context?.close(promise: nil) }
        }.get()
        if let ownedGroup { try await ownedGroup.shutdownGracefully() }
    }

    // MARK: - Connections (loop-confined)

    private func makeConnectionID() -> ConnectionID {
        defer { nextConnectionNumber += 1 }
        return ConnectionID(nextConnectionNumber)
    }

    func register(_ connection: AMQPConnectionHandler) {
        connections[connection.id] = connection
    }

    /// The connection is gone: its exclusive queues go too.
    func unregister(_ connection: AMQPConnectionHandler) {
        connections[connection.id] = nil
        waitingOnBacklog.remove(connection.id)
        writabilityChanged(connection.id, writable: true)
        state.connectionClosed(connection.id)
        modelChanged()
        reviewBacklogs()
    }

    /// After deliveries may have drained queues (a socket drained, acks came in, a consumer
    /// went): publishers waiting on backlogged queues are read again once those drained.
    func reviewBacklogs() {
        for id in waitingOnBacklog { connections[id]?.reviewBacklog() }
    }

    /// Some connection other than `id` is past its high water mark.
    func isBackedUp(except id: ConnectionID) -> Bool {
        !unwritableConnections.isEmpty && !(unwritableConnections.count == 1 && unwritableConnections.contains(id))
    }

    func writabilityChanged(_ id: ConnectionID, writable: Bool) {
        let wasBackedUp = !unwritableConnections.isEmpty
        if writable { unwritableConnections.remove(id) } else { unwritableConnections.insert(id) }
        guard wasBackedUp != !unwritableConnections.isEmpty else { return }
        for connection in connections.values { connection.updateAutoRead() }
    }

    /// Raises or clears an alarm; connections block or unblock (see `ResourceAlarm`).
    /// Loop-confined; `setAlarm(_:raised:) async` hops.
    public func changeAlarm(_ alarm: ResourceAlarm, raised: Bool) {
        let before = alarms
        if raised { alarms.insert(alarm) } else { alarms.remove(alarm) }
        guard alarms != before else { return }
        logger.warning("resource alarm \(alarm.rawValue) \(raised ? "set" : "cleared")")
        for connection in connections.values { connection.alarmsChanged(alarms) }
    }

    // MARK: - Model timers (loop-confined)

    /// After anything that may have changed the model: (re)arms the timer for message and
    /// queue expiry at the model's next deadline.
    func modelChanged() {
        guard let deadline = state.nextDeadline else { return }
        if let scheduled = timerDeadline, scheduled <= deadline { return }
        timer?.cancel()
        timerDeadline = deadline
        let delay = max(0, deadline - state.clock.nowMilliseconds)
        timer = loop.scheduleTask(in: .milliseconds(delay)) { [self] in
            timerDeadline = nil
            state.runTimers()
            modelChanged()
        }
    }
}
