import Foundation

/// Durations as suites write them: `250ms`, `5s`, `1.5s`, `2m`, `1h`; a bare `0` is zero.
public enum DurationText {
    public static func parse(_ text: String) -> Duration? {
        let text = text.trimmingCharacters(in: .whitespaces)
        if text == "0" { return .zero }
        let units: [(String, Double)] = [("ms", 1e-3), ("us", 1e-6), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number >= 0, number.isFinite else { return nil }
            return .nanoseconds(Int64((number * scale * 1e9).rounded()))
        }
        return nil
    }

    /// `1.5s`, `250ms`: the shortest exact form, for reports and properties.
    public static func format(_ duration: Duration) -> String {
        let nanos = duration.nanoseconds
        if nanos % 1_000_000_000 == 0 { return "\(nanos / 1_000_000_000)s" }
        if nanos % 1_000_000 == 0 { return "\(nanos / 1_000_000)ms" }
        return "\(Double(nanos) / 1e9)s"
    }
}

extension Duration {
    /// Whole nanoseconds (durations here are far below Int64's range).
    public var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }

    public var seconds: Double { Double(nanoseconds) / 1e9 }
}
