import NIOCore

/// `--speed`: a message captured at t is sent no earlier than start + (t − t0) / factor, t0
/// being the capture's first event (no single wait longer than `longestWait`).
struct ReplayPacer {
    /// The longest a single captured gap makes the replay wait.
    static let longestWait = TimeAmount.hours(1)

    let speed: ReplaySpeed
    let start: NIODeadline
    private var firstTimestamp: Int64?

    init(speed: ReplaySpeed, start: NIODeadline = .now()) {
        self.speed = speed
        self.start = start
    }

    mutating func observe(_ timestamp: Int64) {
        if firstTimestamp == nil { firstTimestamp = timestamp }
    }

    /// When a message captured at `timestamp` may go, nil when it may go now.
    mutating func deadline(for timestamp: Int64) -> NIODeadline? {
        observe(timestamp)
        guard case .factor(let factor) = speed, factor > 0, let first = firstTimestamp else { return nil }
        // In doubles: file timestamps are untrusted, and their difference may overflow Int64.
        let nanoseconds = (Double(timestamp) - Double(first)) * 1000 / factor
        guard nanoseconds >= 0, nanoseconds < 1e18 else { return nil }
        let deadline = start + .nanoseconds(Int64(nanoseconds))
        let now = NIODeadline.now()
        guard deadline > now else { return nil }
        // One packet stamped years ahead (a clock jump, a forged record) must not park the replay.
        return min(deadline, now + Self.longestWait)
    }
}
