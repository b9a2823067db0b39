/// Jepsen's four event types. An operation is an `invoke` followed by exactly one of `ok`
/// (it happened), `fail` (it certainly did not happen) or `info` (it may have happened; the
/// outcome is unknown, e.g. a timeout). A fault is recorded as a single `info` event by the
/// nemesis process.
public enum EventType: String, Codable, Sendable {
    case invoke, ok, fail, info
}

/// One line of `history.jsonl`: an operation's invocation or completion, or a fault.
///
/// `time` is monotonic nanoseconds since the scenario began, so ordering and real-time
/// precedence (what linearizability needs) never depend on the wall clock.
public struct HistoryEvent: Codable, Sendable, Hashable {
    /// Position in the history, 0-based; checkers cite it as evidence.
    public var index: Int
    /// Monotonic nanoseconds since the scenario began.
    public var time: Int64
    /// The logical client that issued the operation, or `HistoryEvent.nemesis` for faults.
    /// A process whose operation ended `info` never issues another one (Jepsen's rule), so a
    /// pending operation never overlaps a later one of the same process.
    public var process: Int
    public var type: EventType
    /// The operation or fault: "read", "write", "incr", "add", "read-set", "kill", "partition"...
    public var f: String
    public var key: String?
    public var value: OpValue
    /// The node the operation went to, or the nodes a fault touched.
    public var node: String?
    public var error: String?

    public static let nemesis = -1

    public init(
        index: Int = 0, time: Int64, process: Int, type: EventType, f: String, key: String? = nil,
        value: OpValue = .none, node: String? = nil, error: String? = nil
    ) {
        self.index = index
        self.time = time
        self.process = process
        self.type = type
        self.f = f
        self.key = key
        self.value = value
        self.node = node
        self.error = error
    }

    public var isFault: Bool { process == Self.nemesis }
}
