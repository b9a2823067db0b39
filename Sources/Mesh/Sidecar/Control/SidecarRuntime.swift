import Logging
import NIOConcurrencyHelpers

/// What every connection of the sidecar shares: the current configuration, statistics, the
/// upstream pool and the span sink.
public final class SidecarRuntime: Sendable {
    public let identity: SidecarIdentity
    public let stats: SidecarStats
    public let pool: UpstreamPool
    public let spans: (any SpanSink)?
    public let logger: Logger
    private let config = NIOLockedValueBox<SidecarConfig?>(nil)

    public init(identity: SidecarIdentity, spans: (any SpanSink)?, logger: Logger, stats: SidecarStats = SidecarStats(), pool: UpstreamPool = UpstreamPool()) {
        self.identity = identity
        self.spans = spans
        self.logger = logger
        self.stats = stats
        self.pool = pool
    }

    /// The configuration requests are routed with now; nil before the first one.
    public var current: SidecarConfig? { config.withLockedValue { $0 } }

    /// Compiles and installs a snapshot; throws (keeping the previous configuration, as Envoy
    /// rejects an update) when it cannot be compiled.
    @discardableResult
    public func apply(_ snapshot: XDSSnapshot) throws -> SidecarConfig {
        let compiled = try SidecarConfig(snapshot: snapshot, previous: current, stats: stats)
        config.withLockedValue { $0 = compiled }
        return compiled
    }
}
