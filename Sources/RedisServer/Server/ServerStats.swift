/// Counters behind INFO stats, commandstats and errorstats.
public struct ServerStats {
    public init(commandCount: Int) {
        commands = Array(repeating: CommandStat(), count: commandCount)
    }

    public var startTime = Clock.milliseconds()
    public var totalConnections = 0
    public var rejectedConnections = 0
    public var totalCommands = 0
    public var expiredKeys = 0
    public var keyspaceHits = 0
    public var keyspaceMisses = 0
    public var inputBytes = 0
    public var outputBytes = 0
    public var totalErrorReplies = 0
    public var errorCounts: [String: Int] = [:]
    public var unexpectedErrorReplies = 0
    /// Indexed by `CommandSpec.statIndex`.
    public var commands: [CommandStat]
    public var forkCount = 0
    public var lastForkMicroseconds: Int64 = 0
    /// Socket reads handled and reply writes issued (INFO's total_reads/writes_processed).
    public var readsProcessed = 0
    public var writesProcessed = 0
    /// Active expiry: time spent, cycles cut short by their time budget, and Redis's
    /// running estimate of the share of sampled keys found already expired.
    public var expireCycleMicroseconds: Int64 = 0
    public var expireTimeCapReached = 0
    public var expiredStalePercent = 0.0

    public struct CommandStat {
        public var calls = 0
        public var microseconds: Int64 = 0
        public var rejected = 0
        public var failed = 0

        mutating func record(microseconds: Int64, failed: Bool) {
            calls += 1
            self.microseconds += microseconds
            if failed { self.failed += 1 }
        }
    }

    /// CONFIG RESETSTAT.
    public mutating func reset() {
        let start = startTime
        self = ServerStats(commandCount: commands.count)
        startTime = start
    }
}
