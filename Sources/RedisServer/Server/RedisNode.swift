import Logging
import NIOCore

/// The Redis node: the keyspace, the clients, and the machinery around commands
/// (transactions, blocking, pub/sub, persistence). Like Redis, it is single-threaded: all
/// of it is touched only from `loop`.
public final class RedisNode: @unchecked Sendable {
    public static let redisVersion = "7.0.15"
    public static let shakedownVersion = "0.1.0"

    public let config: ServerConfig
    public let loop: EventLoop
    public var log: Logger
    let logSink: RedisLogHandler.Sink
    public let commands: CommandTable

    public internal(set) var databases: [Database]
    var clients: [Int: Client] = [:]
    private var nextClientID = 1
    /// Tests substitute their own wall clock (unix ms) here.
    public var clockOverride: (() -> Int64)?
    var stats: ServerStats
    /// Changes since the last successful save (Redis's `server.dirty`).
    public var dirty = 0
    /// Wall-clock ms, refreshed per event and per command.
    public internal(set) var cachedTime = Clock.milliseconds()
    /// The time expiry decisions use: fixed for the whole of an EXEC, as in Redis.
    var commandTime: Int64 = Clock.milliseconds()
    var inExec = false
    /// DEBUG SET-ACTIVE-EXPIRE.
    var activeExpireEnabled = true
    var random = FastRandom()

    let watches = WatchRegistry()
    let blocking = BlockingRegistry()
    let pubsub = PubSubRegistry()
    let persistence: Persistence
    /// Cluster mode (`cluster-enabled yes`), nil otherwise.
    var cluster: Cluster?
    /// A master being replaced by CLUSTER FAILOVER holds writes until then (unix ms).
    var writesPausedUntil: Int64 = 0
    var pausedClients: [Client] = []
    /// The client whose MIGRATE is in flight: everyone else's commands are held meanwhile.
    var migratingClient: Client?
    lazy var migrateSockets = MigrateSockets(node: self)
    let replication: Replication
    /// Port actually bound (differs from config.port when 0 was asked for).
    public internal(set) var boundPort = 0
    var shutdownRequested: ((Bool?) -> Void)?
    /// Called once the node has shut down, with the process exit code.
    var onExit: ((Int32) -> Void)?
    var cronTask: RepeatedTask?
    /// When the last command ended (µs), for the next command of the same batch.
    var lastCallEnd: Int64 = 0
    /// Random 40-hex identifiers, as Redis makes at start.
    public let runID = RedisNode.randomHexID()
    var peakMemory = 0
    var startupMemory = ProcessMetrics.allocatedBytes()
    /// INFO's instantaneous_ops_per_sec: commands per second over the last samples.
    var opsSamples: [(time: Int64, commands: Int, input: Int, output: Int)] = []
    var cronIterations = 0

    /// Sees every command propagated to the AOF and replicas (for tests).
    var propagationObserver: ((_ db: Int, _ command: [Bytes]) -> Void)?

    /// Commands propagated during an EXEC, wrapped in MULTI/EXEC when there are several.
    var propagationBatch: [(db: Int, command: [Bytes])]?

    private var pendingFlush: [Client] = []
    private var flushTaskScheduled = false

    public init(config: ServerConfig, loop: EventLoop, logSink: RedisLogHandler.Sink, commands: CommandTable = .standard) {
        self.config = config
        self.loop = loop
        self.logSink = logSink
        self.commands = commands
        self.stats = ServerStats(commandCount: commands.statCount)
        var logger = Logger(label: "shakedown-redis") { _ in
            RedisLogHandler(sink: logSink, level: config.logLevel.swiftLogLevel)
        }
        logger.logLevel = config.logLevel.swiftLogLevel
        self.log = logger
        self.databases = (0..<config.databases).map { Database(id: $0) }
        self.persistence = Persistence()
        self.replication = Replication()
        persistence.attach(to: self)
        replication.attach(to: self)
    }

    // MARK: Clients

    enum Admission {
        case accepted(Client)
        case refused(String)
    }

    func acceptClient(channel: Channel) -> Admission {
        if clients.count >= config.maxClients {
            stats.rejectedConnections += 1
            return .refused("ERR max number of clients reached")
        }
        let remote = Self.describe(channel.remoteAddress)
        if config.protectedMode && config.requirePass == nil && !Self.isLoopback(remote) {
            stats.rejectedConnections += 1
            return .refused(Self.protectedModeMessage)
        }
        let id = allocateClientID()
        let client = Client(
            id: id, channel: channel, node: self, remote: remote, local: Self.describe(channel.localAddress))
        clients[id] = client
        stats.totalConnections += 1
        return .accepted(client)
    }

    /// Redis's `islocalClient`: 127.0.0.1, ::1 or a unix socket.
    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.0.0.1:") || address.hasPrefix("[::1]:") || address.hasPrefix("/")
    }

    static let protectedModeMessage =
        "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside."

    static func randomHexID() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<40).map { _ in String(Int.random(in: 0..<16, using: &g), radix: 16) }.joined()
    }

    var opsPerSecond: Int {
        guard let first = opsSamples.first, let last = opsSamples.last, last.time > first.time else { return 0 }
        return (last.commands - first.commands) * 1000 / Int(last.time - first.time)
    }

    /// Wall-clock unix milliseconds (or the test clock).
    @inline(__always)
    public func clock() -> Int64 {
        if let clockOverride { return clockOverride() }
        return Clock.milliseconds()
    }

    /// Wall-clock unix microseconds (or the test clock).
    @inline(__always)
    func clockMicroseconds() -> Int64 {
        if let clockOverride { return clockOverride() * 1000 }
        return Clock.microseconds()
    }

    /// KB per second in and out over the same samples (INFO's instantaneous_*_kbps).
    var kilobytesPerSecond: (input: Double, output: Double) {
        guard let first = opsSamples.first, let last = opsSamples.last, last.time > first.time else { return (0, 0) }
        let seconds = Double(last.time - first.time) / 1000
        return (Double(last.input - first.input) / seconds / 1024, Double(last.output - first.output) / seconds / 1024)
    }

    func allocateClientID() -> Int {
        defer { nextClientID += 1 }
        return nextClientID
    }

    static func describe(_ address: SocketAddress?) -> String {
        guard let address else { return "?:0" }
        switch address {
        case .v4: return "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
        case .v6: return "[\(address.ipAddress ?? "?")]:\(address.port ?? 0)"
        case .unixDomainSocket: return address.pathname ?? "/unix"
        }
    }

    func clientDisconnected(_ client: Client) {
        client.closing = true
        clients[client.id] = nil
        watches.unwatchAll(client)
        blocking.unblock(client)
        pubsub.unsubscribeAll(client)
        if client.replicaPeer != nil { replication.replicaDisconnected(client) }
    }

    func scheduleFlush(_ client: Client) {
        pendingFlush.append(client)
        guard !flushTaskScheduled else { return }
        flushTaskScheduled = true
        loop.execute { [self] in
            flushTaskScheduled = false
            beforeReplies()
            let batch = pendingFlush
            pendingFlush.removeAll()
            for c in batch where !c.closing { c.flush() }
        }
    }

    /// Runs before replies leave: what must be on disk before a client hears "OK"
    /// (the AOF under `appendfsync always`) gets there, as Redis does in `beforeSleep`.
    func beforeReplies() {
        cluster?.beforeSleep()
        persistence.flushAppendOnlyBuffer()
    }
}
