import Foundation
import NIOConcurrencyHelpers

/// Collects the events of one scenario from every client and the nemesis, concurrently, in the
/// order they happen. Times come from one monotonic clock started with the recorder.
public final class HistoryRecorder: Sendable {
    private let start: ContinuousClock.Instant
    private let events = NIOLockedValueBox<[HistoryEvent]>([])

    public init(start: ContinuousClock.Instant = .now) {
        self.start = start
    }

    /// Nanoseconds since the scenario began.
    public var now: Int64 {
        let elapsed = ContinuousClock.now - start
        return elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
    }

    /// Appends an event, stamping its index and time; returns the stamped event.
    @discardableResult
    public func record(
        process: Int, type: EventType, f: String, key: String? = nil, value: OpValue = .none,
        node: String? = nil, error: String? = nil, time: Int64? = nil
    ) -> HistoryEvent {
        events.withLockedValue { events in
            let event = HistoryEvent(
                index: events.count, time: time ?? now, process: process, type: type, f: f, key: key,
                value: value, node: node, error: error)
            events.append(event)
            return event
        }
    }

    /// Records a fault the nemesis injected (or healed). `began` is when injecting it started
    /// (a restart takes a while; what the nodes saw meanwhile is after the fault, not
    /// before), so a fault's time may be earlier than events recorded while it was applied.
    @discardableResult
    public func fault(_ f: String, nodes: [String], detail: String? = nil, began: Int64? = nil) -> HistoryEvent {
        record(
            process: HistoryEvent.nemesis, type: .info, f: f, value: detail.map(OpValue.text) ?? .none,
            node: nodes.joined(separator: ","), time: began)
    }

    public var history: [HistoryEvent] {
        events.withLockedValue { $0 }
    }
}
