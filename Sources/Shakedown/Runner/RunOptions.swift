/// What `shakedown run` was asked to do, beyond the suites.
public struct RunOptions: Sendable {
    public var target: RedisTarget
    /// Only scenarios whose "suite/scenario" name contains this text.
    public var filter: String?
    /// Overrides every suite's seed.
    public var seed: UInt64?
    public var reportRoot: String
    public var network: NetworkChoice

    public init(target: RedisTarget, filter: String? = nil, seed: UInt64? = nil, reportRoot: String = "Reports",
                network: NetworkChoice = .auto) {
        self.target = target
        self.filter = filter
        self.seed = seed
        self.reportRoot = reportRoot
        self.network = network
    }
}
