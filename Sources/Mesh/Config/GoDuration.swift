/// Go's time.ParseDuration, which Istio 1.1's JSON decoding (gogo jsonpb) uses for every
/// google.protobuf.Duration: "7s", "0.5s", "1m30s", "100ms". Errors are worded as Go's, since
/// that is what the user would have seen from Istio. The config API validates with it;
/// discovery translates with it.
public enum GoDuration {
    public struct Failure: Error, Equatable {
        public var message: String

        public init(message: String) { self.message = message }
    }

    /// Whole milliseconds of a valid, non-negative duration; nil otherwise.
    public static func milliseconds(_ text: String) -> Int? {
        guard let nanoseconds = try? parse(text), nanoseconds >= 0, nanoseconds < 1e18 else { return nil }
        return Int((nanoseconds / 1e6).rounded())
    }

    private static let unitNanoseconds: [String: Double] = [
        "ns": 1, "us": 1e3, "\u{00B5}s": 1e3, "\u{03BC}s": 1e3, "ms": 1e6, "s": 1e9, "m": 60e9, "h": 3600e9,
    ]

    /// Nanoseconds in `text`.
    public static func parse(_ text: String) throws(Failure) -> Double {
        let quoted = "\"\(text)\""
        var rest = Substring(text)
        var sign = 1.0
        if let first = rest.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            rest = rest.dropFirst()
        }
        if rest == "0" { return 0 }
        if rest.isEmpty { throw Failure(message: "time: invalid duration \(quoted)") }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !number.isEmpty, number != ".", number.filter({ $0 == "." }).count <= 1, let value = Double(number.hasPrefix(".") ? "0" + number : number) else {
                throw Failure(message: "time: invalid duration \(quoted)")
            }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isASCII && ($0.isNumber || $0 == ".")) }
            if unit.isEmpty { throw Failure(message: "time: missing unit in duration \(quoted)") }
            guard let scale = unitNanoseconds[String(unit)] else { throw Failure(message: "time: unknown unit \"\(unit)\" in duration \(quoted)") }
            rest = rest.dropFirst(unit.count)
            total += value * scale
        }
        return sign * total
    }
}
