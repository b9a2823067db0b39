import NIOCore

/// Replays a capture's client connections against a target: each captured connection on its
/// own connection, requests pipelined in captured order, paced by `ReplayOptions.speed`, and
/// with `compare` each reply set beside the captured one.
///
/// The calling thread reads events and hands them to the connections' event loops in batches
/// (one hop and one flush per batch, not per request); it blocks when a connection has
/// `maxOutstandingPerConnection` requests unanswered, so memory stays bounded.
public final class Replayer: Sendable {
    public let options: ReplayOptions
    private let group: any EventLoopGroup

    public init(options: ReplayOptions, group: any EventLoopGroup) {
        self.options = options
        self.group = group
    }

    /// Blocking: reads every event and replays; returns when all connections finished or failed.
    /// A source that fails ends reading: what was read is still replayed (a partial result) and
    /// the error is the report's `readError`.
    public func run(_ source: inout some ConversationEventSource) -> ReplayReport {
        var run = ReplayRun(options: options, group: group)
        var readError: CaptureError?
        while true {
            let event: ConversationEvent?
            do {
                event = try source.next()
            } catch {
                readError = error
                break
            }
            guard let event else { break }
            run.handle(event)
        }
        var report = run.finish()
        report.readError = readError
        return report
    }
}
