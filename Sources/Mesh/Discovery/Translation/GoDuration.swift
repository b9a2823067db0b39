/// Istio 1.1 read durations in its YAML with Go's `time.ParseDuration` (gogo jsonpb), so
/// `timeout: 10s`, `perTryTimeout: 500ms` and `fixedDelay: 1m` are all valid.
public enum GoDuration {
    /// Milliseconds of a Go duration ("1h2m3.5s", "250ms", "0"), or nil when it is not one or negative.
    public static func milliseconds(_ text: String) -> Int? {
        if text == "0" { return 0 }
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        var total = 0.0
        while !rest.isEmpty {
            let number = rest.prefix { $0.isNumber || $0 == "." }
            guard !number.isEmpty, let value = Double(number) else { return nil }
            rest = rest.dropFirst(number.count)
            let unit = rest.prefix { !($0.isNumber || $0 == ".") }
            rest = rest.dropFirst(unit.count)
            guard let scale = scales[String(unit)] else { return nil }
            total += value * scale
        }
        guard total.isFinite, total < Double(Int.max / 2) else { return nil }
        return Int(total.rounded())
    }

    private static let scales: [String: Double] = [
        "ns": 1e-6, "us": 1e-3, "µs": 1e-3, "ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000,
    ]
}
