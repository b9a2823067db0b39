/// Tuning of the journal; the defaults suit a broker.
public struct DurabilityLogOptions: Sendable {
    /// No compaction below this file size.
    public var compactionMinimumBytes = 16 << 20
    /// Compact when the file is this many times larger than the live state it describes.
    public var compactionRatio = 2.0
    /// Records pending beyond this many bytes are written (and synced) without waiting for
    /// a `requestSync`, which bounds the memory a burst of unconfirmed publishes holds.
    public var flushThresholdBytes = 4 << 20

    public init() {}
}

/// Counters, for tests and the management API.
public struct DurabilityLogStatistics: Sendable, Equatable {
    /// Records appended since the log was opened.
    public var recordsAppended = 0
    /// Of those, how many are on disk and synced.
    public var recordsSynced = 0
    /// fsyncs of the journal (each one covers a whole batch).
    public var fsyncs = 0
    public var compactions = 0
    /// Time spent in write + fsync (or compaction) on the sync thread.
    public var syncNanoseconds: UInt64 = 0
    /// The file's size once everything appended is written.
    public var fileBytes = 0
}

/// What opening the journal found.
public struct DurabilityRecovery: Sendable {
    public var file: String
    public var records: Int
    /// A torn last write that was dropped (and truncated away), if any.
    public var tornTail: TornTail?

    public struct TornTail: Sendable, Equatable {
        /// Where the dropped bytes began: the file now ends here.
        public var offset: Int
        public var droppedBytes: Int
        public var reason: String
    }
}
