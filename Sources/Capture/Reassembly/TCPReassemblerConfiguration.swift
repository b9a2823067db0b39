/// Limits and hints for `TCPReassembler`. The defaults bound memory to roughly
/// `maxConnections` small records plus `2 × maxBufferedBytes` per connection holding a hole,
/// and never more than `maxTotalBufferedBytes` waiting across all connections.
public struct TCPReassemblerConfiguration: Sendable {
    /// Ports known to be servers' (7000, 5672 …): decide the direction of connections whose
    /// handshake was not captured. Without one, the lower port is taken as the server's.
    public var serverPorts: Set<UInt16>
    /// Out-of-order bytes kept per direction while waiting for a hole to fill; past it the hole
    /// is reported as a gap and the stream continues.
    public var maxBufferedBytes: Int
    /// Out-of-order segments kept per direction (bounds bookkeeping for floods of tiny segments).
    public var maxBufferedSegments: Int
    /// Connections tracked at once; past it the least recently active are closed as `.evicted`.
    public var maxConnections: Int
    /// Out-of-order bytes kept across all connections; past it the directions holding the most
    /// give up on their holes (each a gap, as with `maxBufferedBytes`) until the total is down
    /// to three quarters of it.
    public var maxTotalBufferedBytes: Int
    /// Microseconds of capture time without a segment after which an open connection is closed
    /// as `.idle`; nil keeps connections until they close or the input ends.
    public var idleTimeout: Int64?
    /// Microseconds a closed connection is remembered, so that its late ACKs and retransmissions
    /// are recognised instead of opening a phantom connection (Linux's TIME_WAIT is 60 s).
    public var closedRetention: Int64

    public init(
        serverPorts: Set<UInt16> = [], maxBufferedBytes: Int = 4 << 20, maxBufferedSegments: Int = 4096, maxConnections: Int = 100_000,
        idleTimeout: Int64? = nil, closedRetention: Int64 = 60_000_000, maxTotalBufferedBytes: Int = 256 << 20
    ) {
        self.serverPorts = serverPorts
        self.maxBufferedBytes = max(0, maxBufferedBytes)
        self.maxBufferedSegments = max(1, maxBufferedSegments)
        self.maxConnections = max(1, maxConnections)
        self.idleTimeout = idleTimeout
        self.closedRetention = max(0, closedRetention)
        self.maxTotalBufferedBytes = max(0, maxTotalBufferedBytes)
    }
}

/// Counts for a run's report: what was dropped as duplicate, ignored, or missing.
public struct TCPReassemblyStatistics: Hashable, Sendable {
    public var segments = 0
    public var connectionsOpened = 0
    /// Payload bytes already delivered or already waiting (retransmissions, overlaps): dropped,
    /// the first-received copy wins.
    public var duplicateBytes: Int64 = 0
    /// Payload bytes after a FIN's sequence number.
    public var bytesAfterFin: Int64 = 0
    /// Segments that belong to no connection: pure ACKs, FINs or RSTs of connections not seen
    /// opening, segments of closed connections, retransmitted SYNs.
    public var ignoredSegments = 0
    public var gaps = 0
    public var gapBytes: Int64 = 0

    public init() {}
}
