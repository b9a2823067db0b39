@testable import Shakedown

/// Builds histories by hand: operations as intervals in seconds, faults at instants. The
/// history comes out in time order (insertion order at equal times) with indexes stamped.
struct HistoryBuilder {
    private var pending: [(time: Double, order: Int, event: HistoryEvent)] = []

    private mutating func add(_ time: Double, _ event: HistoryEvent) {
        pending.append((time, pending.count, event))
    }

    /// An operation of `process` from `from` to `to`. `output` is the completion's value (by
    /// default the input, as a write's completion carries it). `to: nil` leaves it pending.
    mutating func op(
        _ process: Int, _ f: String, _ key: String?, _ input: OpValue = .none, from: Double, to: Double?,
        _ outcome: EventType = .ok, output: OpValue? = nil
    ) {
        add(from, HistoryEvent(time: Self.nanos(from), process: process, type: .invoke, f: f, key: key, value: input))
        if let to {
            add(to, HistoryEvent(time: Self.nanos(to), process: process, type: outcome, f: f, key: key, value: output ?? input))
        }
    }

    mutating func write(_ process: Int, _ key: String, _ value: Int, from: Double, to: Double?, _ outcome: EventType = .ok) {
        op(process, "write", key, .int(value), from: from, to: to, outcome)
    }

    /// A read that returned `value` (nil: the key was absent).
    mutating func read(_ process: Int, _ key: String, _ value: Int?, from: Double, to: Double, f: String = "read") {
        op(process, f, key, .none, from: from, to: to, .ok, output: value.map(OpValue.int) ?? OpValue.none)
    }

    mutating func fault(_ f: String, _ nodes: String, _ detail: String? = nil, at time: Double) {
        add(
            time,
            HistoryEvent(
                time: Self.nanos(time), process: HistoryEvent.nemesis, type: .info, f: f,
                value: detail.map(OpValue.text) ?? .none, node: nodes))
    }

    var history: [HistoryEvent] {
        pending.sorted { ($0.time, $0.order) < ($1.time, $1.order) }.enumerated().map { position, item in
            var event = item.event
            event.index = position
            return event
        }
    }

    static func nanos(_ seconds: Double) -> Int64 { Int64((seconds * 1e9).rounded()) }
}

extension Array where Element == HistoryEvent {
    /// The index of the first event matching, for asserting evidence.
    func index(_ type: EventType, _ f: String, _ key: String? = nil, _ value: OpValue? = nil) -> Int? {
        first { $0.type == type && $0.f == f && (key == nil || $0.key == key) && (value == nil || $0.value == value) }?.index
    }
}
