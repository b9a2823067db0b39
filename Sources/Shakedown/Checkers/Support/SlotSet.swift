/// A set of Redis Cluster hash slots (0...16383) as a bitmap, with the range form reports use.
public struct SlotSet: Sendable, Hashable, CustomStringConvertible {
    public static let slotCount = 16384
    private var words = [UInt64](repeating: 0, count: SlotSet.slotCount / 64)

    public init() {}

    public init<S: Sequence>(ranges: S) where S.Element == ClosedRange<Int> {
        for range in ranges { insert(range) }
    }

    public static var all: SlotSet { SlotSet(ranges: [0...(slotCount - 1)]) }

    public mutating func insert(_ range: ClosedRange<Int>) {
        let low = max(range.lowerBound, 0), high = min(range.upperBound, Self.slotCount - 1)
        guard low <= high else { return }
        for slot in low...high { insert(slot) }
    }

    public mutating func insert(_ slot: Int) {
        guard slot >= 0 && slot < Self.slotCount else { return }
        words[slot >> 6] |= 1 << UInt64(slot & 63)
    }

    public func contains(_ slot: Int) -> Bool {
        slot >= 0 && slot < Self.slotCount && words[slot >> 6] & (1 << UInt64(slot & 63)) != 0
    }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public func intersection(_ other: SlotSet) -> SlotSet {
        var result = self
        for i in words.indices { result.words[i] &= other.words[i] }
        return result
    }

    public func union(_ other: SlotSet) -> SlotSet {
        var result = self
        for i in words.indices { result.words[i] |= other.words[i] }
        return result
    }

    public func subtracting(_ other: SlotSet) -> SlotSet {
        var result = self
        for i in words.indices { result.words[i] &= ~other.words[i] }
        return result
    }

    public func intersects(_ other: SlotSet) -> Bool {
        words.indices.contains { words[$0] & other.words[$0] != 0 }
    }

    public func isSuperset(of other: SlotSet) -> Bool { other.subtracting(self).isEmpty }

    /// Maximal runs of consecutive slots.
    public var ranges: [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        var start: Int?
        for slot in 0...Self.slotCount {
            let present = slot < Self.slotCount && contains(slot)
            if present, start == nil { start = slot }
            if !present, let low = start {
                result.append(low...(slot - 1))
                start = nil
            }
        }
        return result
    }

    /// `0-5460,5462`, or `none`.
    public var description: String { Self.text(ranges) }

    static func text(_ ranges: [ClosedRange<Int>], limit: Int = 12) -> String {
        guard !ranges.isEmpty else { return "none" }
        let shown = ranges.prefix(limit).map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
        let rest = ranges.count > limit ? " and \(ranges.count - limit) more ranges" : ""
        return shown.joined(separator: ",") + rest
    }
}
