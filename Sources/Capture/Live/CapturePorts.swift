/// The TCP ports a capture keeps: single ports and inclusive ranges, as
/// `shakedown capture --ports 7000-7005,8000` takes them and as a BPF filter says them.
public struct CapturePorts: Sendable, Hashable, CustomStringConvertible {
    public private(set) var ranges: [ClosedRange<UInt16>]

    /// Ranges sorted, overlapping or adjacent ones merged; empty is allowed (it matches no port).
    public init(_ ranges: [ClosedRange<UInt16>]) {
        var merged: [ClosedRange<UInt16>] = []
        for range in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, Int(range.lowerBound) <= Int(last.upperBound) + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        self.ranges = merged
    }

    public init(ports: some Sequence<Int>) throws(CapturePortsError) {
        var ranges: [ClosedRange<UInt16>] = []
        for port in ports {
            guard let value = UInt16(exactly: port), value > 0 else { throw CapturePortsError(text: "\(port)", reason: "not a port (1-65535)") }
            ranges.append(value...value)
        }
        self.init(ranges)
    }

    /// `7000-7005,8000`: comma-separated ports and `low-high` ranges, spaces ignored.
    public init(parsing text: String) throws(CapturePortsError) {
        var ranges: [ClosedRange<UInt16>] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = item.trimmingSpaces()
            guard !item.isEmpty else { throw CapturePortsError(text: text, reason: "an empty item (two commas, or one at an end)") }
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
            guard bounds.count <= 2 else { throw CapturePortsError(text: String(item), reason: "a range is low-high") }
            guard let low = Self.port(bounds[0]), let high = Self.port(bounds[bounds.count - 1]) else {
                throw CapturePortsError(text: String(item), reason: "not a port (1-65535) or range of ports")
            }
            guard low <= high else { throw CapturePortsError(text: String(item), reason: "the range runs backwards") }
            ranges.append(low...high)
        }
        self.init(ranges)
    }

    public var isEmpty: Bool { ranges.isEmpty }

    public func contains(_ port: UInt16) -> Bool { ranges.contains { $0.contains(port) } }

    /// `tcp and (port 8000 or portrange 7000-7005)`; libpcap compiles it.
    public var bpfFilter: String {
        guard !ranges.isEmpty else { return "tcp and not tcp" }  // matches nothing, as asked
        let terms = ranges.map { $0.count == 1 ? "port \($0.lowerBound)" : "portrange \($0.lowerBound)-\($0.upperBound)" }
        return "tcp and (\(terms.joined(separator: " or ")))"
    }

    /// `7000-7005,8000`, what `init(parsing:)` reads back.
    public var description: String {
        ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }

    private static func port(_ text: Substring) -> UInt16? {
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let value = UInt16(text), value > 0 else { return nil }
        return value
    }
}

public struct CapturePortsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The part of the text that is wrong.
    public var text: String
    public var reason: String

    public var description: String { "ports \"\(text)\": \(reason)" }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
