/// What a replay did and, with `--compare`, where the target answered differently.
public struct ReplayReport: Sendable {
    public var connections: [ReplayConnectionReport]
    /// The first `ReplayOptions.divergencesKept`: connection by connection (in the order the
    /// capture opened them), each connection's in the order they were found.
    public var divergences: [ReplayDivergence]
    /// All divergences, including those not kept.
    public var divergenceCount: Int
    /// Capture problems (gaps, undecodable bytes) and replay problems (refused connections,
    /// timeouts), each once, in the order seen.
    public var problems: [String]
    public var requestsSent: Int
    /// Replies set beside a captured reply.
    public var repliesCompared: Int
    /// Replies not compared because an ignore rule or a nondeterministic command covers them.
    public var repliesIgnored: Int
    public var seconds: Double
    /// The file error that ended reading early; everything before it was replayed.
    public var readError: CaptureError?

    public init(
        connections: [ReplayConnectionReport] = [], divergences: [ReplayDivergence] = [], divergenceCount: Int = 0, problems: [String] = [],
        requestsSent: Int = 0, repliesCompared: Int = 0, repliesIgnored: Int = 0, seconds: Double = 0
    ) {
        self.connections = connections
        self.divergences = divergences
        self.divergenceCount = divergenceCount
        self.problems = problems
        self.requestsSent = requestsSent
        self.repliesCompared = repliesCompared
        self.repliesIgnored = repliesIgnored
        self.seconds = seconds
    }

    public var requestsPerSecond: Double { seconds > 0 ? Double(requestsSent) / seconds : 0 }
}

public struct ReplayConnectionReport: Sendable {
    public var connection: TCPConnectionID
    public var client: TCPEndpoint
    public var server: TCPEndpoint
    public var `protocol`: ApplicationProtocol?
    public var target: ReplayAddress?
    public var requestsSent: Int
    public var repliesCompared: Int
    public var divergences: Int
    /// Why the connection's replay stopped early, if it did.
    public var failure: String?

    public init(
        connection: TCPConnectionID, client: TCPEndpoint, server: TCPEndpoint, protocol: ApplicationProtocol?, target: ReplayAddress?,
        requestsSent: Int = 0, repliesCompared: Int = 0, divergences: Int = 0, failure: String? = nil
    ) {
        self.connection = connection
        self.client = client
        self.server = server
        self.protocol = `protocol`
        self.target = target
        self.requestsSent = requestsSent
        self.repliesCompared = repliesCompared
        self.divergences = divergences
        self.failure = failure
    }
}

/// One reply that differs from the captured one.
public struct ReplayDivergence: Sendable {
    public var connection: TCPConnectionID
    public var client: TCPEndpoint
    public var `protocol`: ApplicationProtocol
    /// 1-based number of the request within its connection.
    public var requestIndex: Int
    /// The request as a person reads it: `SET key:1 xxx`, `basic.get queue=q`, `GET /details/0`.
    public var request: String
    /// What differs: `reply`, `status`, `header:content-type`, `body`, `method`, `message-count`…
    /// or `push` (a RESP pub/sub message, `request` then `(push N)` and `requestIndex` the
    /// number of requests captured before it; a push one side never sent shows `(none)`).
    public var field: String
    public var expected: String
    public var actual: String
    /// Packet of the captured request.
    public var packetNumber: Int

    public init(
        connection: TCPConnectionID, client: TCPEndpoint, protocol: ApplicationProtocol, requestIndex: Int, request: String, field: String,
        expected: String, actual: String, packetNumber: Int
    ) {
        self.connection = connection
        self.client = client
        self.protocol = `protocol`
        self.requestIndex = requestIndex
        self.request = request
        self.field = field
        self.expected = expected
        self.actual = actual
        self.packetNumber = packetNumber
    }
}
