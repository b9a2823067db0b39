/// A nemesis event read for checking: which fault, when, on which nodes, with what detail.
public struct FaultEvent: Sendable, Hashable {
    public var f: String
    public var index: Int
    public var time: Int64
    /// Harness node names (`n1`...), from the event's comma-separated `node`.
    public var nodes: [String]
    /// The event's text value: `stale-rdb nodes-conf=missing`, `halves [n1 n4] | [n2 n3]`...
    public var detail: String

    public init(_ event: HistoryEvent) {
        f = event.f
        index = event.index
        time = event.time
        nodes = (event.node ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        if case .text(let text) = event.value { detail = text } else { detail = "" }
    }

    /// The faults of a history, in time order (history order breaks ties).
    public static func all(in history: [HistoryEvent]) -> [FaultEvent] {
        history.enumerated().filter { $0.element.isFault }
            .sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
            .map { FaultEvent($0.element) }
    }

    /// Faults that end a disruption: a partition healed, a node resumed or restarted.
    public var isRecovery: Bool { ["heal", "resume", "restart"].contains(f) }

    /// "kill of n1 at 5.010s (event 311)".
    public var text: String {
        "\(f)\(nodes.isEmpty ? "" : " of " + nodes.joined(separator: ","))\(detail.isEmpty ? "" : " (\(detail))") "
            + "at \(CheckText.seconds(time)) (event \(index))"
    }

    /// The sides of a partition. The detail lists groups separated by `|`, each a list of
    /// harness names (`halves [n1 n4] | [n2 n3 n5 n6]`); nodes of `known` that no group names
    /// form one more group (an `isolate [n1]` leaves the rest together). Without a readable
    /// detail, the event's nodes are cut off from the rest.
    public func partitionGroups(known: [String]) -> [Set<String>] {
        let knownSet = Set(known)
        var groups: [Set<String>] = []
        let parts = detail.split(separator: "|")
        if detail.contains("[") || parts.count >= 2 {
            for part in parts {
                let names = part.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }.map(String.init)
                    .filter { knownSet.contains($0) || nodes.contains($0) }
                if !names.isEmpty { groups.append(Set(names)) }
            }
        }
        if groups.isEmpty && !nodes.isEmpty { groups = [Set(nodes)] }
        let rest = knownSet.subtracting(groups.reduce(into: Set<String>()) { $0.formUnion($1) })
        if !rest.isEmpty { groups.append(rest) }
        return groups
    }
}
