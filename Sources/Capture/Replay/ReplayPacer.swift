import NIOCore

/// `--speed`: a message captured at t is sent no earlier than start + (t − t0) / factor, t0
/// being the capture's first event.
struct ReplayPacer {
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
        let nanoseconds = Double(timestamp - first) * 1000 / factor
        guard nanoseconds >= 0, nanoseconds < 1e18 else { return nil }
        let deadline = start + .nanoseconds(Int64(nanoseconds))
        return deadline > .now() ? deadline : nil
    }
}
