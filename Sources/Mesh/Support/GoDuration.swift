/// Durations written as Go's `time.ParseDuration` reads them, which is how Consul reads `?wait=`:
/// a sign, then one or more decimal numbers each with a unit (`ns`, `us`/`µs`, `ms`, `s`, `m`,
/// `h`), e.g. "10s", "500ms", "1m30s", "1.5h"; a bare "0" is zero. Istio 1.1 read every
/// duration in its config the same way (gogo jsonpb), so the config API validates with it and
/// discovery translates with it.
public enum GoDuration {
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    private static let nanosecondsPerUnit: [String: Double] = [
        "ns": 1, "us": 1e3, "\u{00B5}s": 1e3, "\u{03BC}s": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9,
    ]

    /// The duration of `text`, or an error worded as Go's (`time: unknown unit "x" in duration "5x"`).
    public static func parse(_ text: String) throws(ParseError) -> Duration {
        let quoted = "\"\(text)\""
        var rest = Substring(text)
        var negative = false
        if let sign = rest.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        if rest == "0" { return .zero }
        if rest.isEmpty { throw ParseError(description: "time: invalid duration \(quoted)") }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            // Go accepts "1." and ".5" but not "." alone.
            guard !number.isEmpty, number != ".", number.filter({ $0 == "." }).count <= 1, let value = Double(number.hasSuffix(".") ? number + "0" : number) else {
                throw ParseError(description: "time: invalid duration \(quoted)")
            }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            if unit.isEmpty { throw ParseError(description: "time: missing unit in duration \(quoted)") }
            guard let scale = nanosecondsPerUnit[String(unit)] else {
                throw ParseError(description: "time: unknown unit \"\(unit)\" in duration \(quoted)")
            }
            rest = rest.dropFirst(unit.count)
            total += value * scale
        }
        // Go's limit is about 290 years of nanoseconds in an Int64.
        guard total < 9.2e18 else { throw ParseError(description: "time: invalid duration \(quoted)") }
        return .nanoseconds(Int64(negative ? -total : total))
    }

    /// Whole milliseconds of a valid, non-negative duration; nil otherwise.
    public static func milliseconds(_ text: String) -> Int? {
        guard let duration = try? parse(text), duration >= .zero else { return nil }
        let (seconds, attoseconds) = duration.components
        return Int(seconds * 1000) + Int((Double(attoseconds) / 1e15).rounded())
    }

    /// "1500ms" style text for a duration, which Go (and Consul) read back exactly.
    public static func text(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return "\(milliseconds)ms"
    }
}
