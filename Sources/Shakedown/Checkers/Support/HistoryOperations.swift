/// One operation of a history: an invocation joined with its completion.
///
/// `outcome` is nil when the history ended before the operation completed; checkers treat
/// that like `info` (it may or may not have happened).
public struct HistoryOperation: Sendable, Hashable {
    public var process: Int
    public var f: String
    public var key: String?
    /// The value the invocation carried (what a write wrote).
    public var input: OpValue
    /// The value the completion carried (what a read saw); `.none` while pending.
    public var output: OpValue
    /// `ok`, `fail` or `info`; nil while pending.
    public var outcome: EventType?
    public var invoke: Int
    public var invokeTime: Int64
    /// History index of the completion.
    public var completion: Int?
    public var completionTime: Int64?
    /// Positions in the history array (for real-time order; event indexes are for citing).
    var invokePosition: Int
    var completionPosition: Int?

    public var isOK: Bool { outcome == .ok }
    public var isFailed: Bool { outcome == .fail }
    /// `info` or pending: may or may not have taken effect.
    public var isIndeterminate: Bool { outcome == nil || outcome == .info }

    /// History indexes that show this operation.
    public var events: [Int] { completion.map { [invoke, $0] } ?? [invoke] }

    /// "events 12 → 15" or "event 12, never completed".
    public var eventText: String {
        guard let completion else { return "event \(invoke), outcome unknown" }
        return "events \(invoke)→\(completion)"
    }
}

/// A history that breaks Jepsen's rules for processes, found while joining events.
public struct MalformedHistory: Error, Sendable, CustomStringConvertible {
    public var index: Int
    public var reason: String
    public var description: String { "history is malformed at event \(index): \(reason)" }
}

public enum HistoryOperations {
    /// Joins each client invocation with the next completion of the same process, in history
    /// order. Nemesis events are skipped. A completion without an open invocation, or a second
    /// invocation while one is open, is an error: the pairing would be a guess.
    public static func pair(_ history: [HistoryEvent]) throws(MalformedHistory) -> [HistoryOperation] {
        var operations: [HistoryOperation] = []
        var open: [Int: Int] = [:]  // process -> position in operations
        for (position, event) in history.enumerated() where !event.isFault {
            if event.type == .invoke {
                if let pending = open[event.process] {
                    throw MalformedHistory(
                        index: event.index,
                        reason: "process \(event.process) invokes \(event.f) while its \(operations[pending].f) "
                            + "(event \(operations[pending].invoke)) has not completed")
                }
                open[event.process] = operations.count
                operations.append(
                    HistoryOperation(
                        process: event.process, f: event.f, key: event.key, input: event.value, output: .none,
                        outcome: nil, invoke: event.index, invokeTime: event.time, completion: nil,
                        completionTime: nil, invokePosition: position, completionPosition: nil))
                continue
            }
            guard let pending = open.removeValue(forKey: event.process) else {
                throw MalformedHistory(
                    index: event.index, reason: "\(event.type.rawValue) of process \(event.process) without an invocation")
            }
            if operations[pending].f != event.f || operations[pending].key != event.key {
                throw MalformedHistory(
                    index: event.index,
                    reason: "completion \(event.f) \(event.key ?? "") does not match invocation "
                        + "\(operations[pending].f) \(operations[pending].key ?? "") (event \(operations[pending].invoke))")
            }
            operations[pending].outcome = event.type
            operations[pending].output = event.value
            operations[pending].completion = event.index
            operations[pending].completionTime = event.time
            operations[pending].completionPosition = position
        }
        return operations
    }
}
