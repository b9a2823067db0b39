/// How `shakedown replay` sends a capture to a target.
public struct ReplayOptions: Sendable {
    /// Makes a connected TCP socket for `host`, `port` within `timeout` seconds, when replay
    /// connections must come from somewhere other than this process's namespace (the harness's
    /// netns backend). nil: NIO connects directly.
    public typealias SocketFactory = @Sendable (_ host: String, _ port: Int, _ timeout: Double) throws -> CInt

    /// Where connections to any captured server go unless `portMap` names the server's port.
    public var target: ReplayAddress
    /// Captured server port → where its connections go (`--map 7001=127.0.0.1:8001`).
    public var portMap: [UInt16: ReplayAddress]
    /// nil: decided per connection from its first bytes (`--protocol auto`).
    public var `protocol`: ApplicationProtocol?
    public var speed: ReplaySpeed
    /// Set each reply beside the captured one and report divergences.
    public var compare: Bool
    /// Fields whose differences are not divergences (`--ignore`); see `ReplayIgnoreRules`.
    public var ignore: [String]
    /// AMQP: the replay's own handshake (captured credentials are never reused).
    public var amqpCredentials: AMQPReplayCredentials
    public var connectTimeoutSeconds: Double
    /// How long a replayed request may wait for its reply before the connection is given up.
    public var replyTimeoutSeconds: Double
    /// Divergences kept with their detail; later ones are only counted.
    public var divergencesKept: Int
    /// How connections wait for each other (`.capture` keeps cross-connection causality).
    public var ordering: ReplayOrdering
    /// Requests a connection may have unanswered before reading the capture pauses; bounds memory.
    public var maxOutstandingPerConnection: Int
    public var connectSocket: SocketFactory?

    public init(
        target: ReplayAddress, portMap: [UInt16: ReplayAddress] = [:], protocol: ApplicationProtocol? = nil, speed: ReplaySpeed = .factor(1),
        compare: Bool = false, ignore: [String] = [], amqpCredentials: AMQPReplayCredentials = .init(), connectTimeoutSeconds: Double = 5,
        replyTimeoutSeconds: Double = 10, divergencesKept: Int = 1000, ordering: ReplayOrdering = .capture,
        maxOutstandingPerConnection: Int = 1000
    ) {
        self.target = target
        self.portMap = portMap
        self.protocol = `protocol`
        self.speed = speed
        self.compare = compare
        self.ignore = ignore
        self.amqpCredentials = amqpCredentials
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.replyTimeoutSeconds = replyTimeoutSeconds
        self.divergencesKept = divergencesKept
        self.ordering = ordering
        self.maxOutstandingPerConnection = max(2, maxOutstandingPerConnection)
    }
}

public struct ReplayAddress: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

public enum ReplaySpeed: Hashable, Sendable, CustomStringConvertible {
    /// Captured gaps between a connection's messages divided by the factor (`1x`, `10x`).
    case factor(Double)
    /// No waiting beyond what the order of the capture requires (`max`).
    case max

    public var description: String {
        switch self {
        case .factor(let f): f == f.rounded() ? "\(Int(f))x" : "\(f)x"
        case .max: "max"
        }
    }
}

public struct AMQPReplayCredentials: Hashable, Sendable {
    public var user: String
    public var password: String
    /// nil: the virtual host the captured connection.open named.
    public var virtualHost: String?

    public init(user: String = "guest", password: String = "guest", virtualHost: String? = nil) {
        self.user = user
        self.password = password
        self.virtualHost = virtualHost
    }
}
