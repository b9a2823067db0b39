/// Durations in proto3 JSON are strings of seconds with an `s` suffix ("1s", "0.250s"); Envoy
/// reads and prints them that way, so the xDS documents carry them as such.
public enum XDSDuration {
    /// "1s", "0.250s", "0s" for a whole or fractional number of milliseconds.
    public static func text(milliseconds: Int) -> String {
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000)s" }
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)s"
    }

    /// Milliseconds of a proto3 duration string, or nil when it is not one ("1.5s" -> 1500).
    public static func milliseconds(_ text: String) -> Int? {
        guard text.hasSuffix("s"), let seconds = Double(text.dropLast()), seconds >= 0, seconds.isFinite else { return nil }
        return Int((seconds * 1000).rounded())
    }
}
