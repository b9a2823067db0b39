/// Pilot's mesh-wide trace sampling percentage, from `PILOT_TRACE_SAMPLING`. Pilot 1.1 itself
/// defaults to 100 when the variable is unset (Istio's Helm charts set 1.0 for the `default`
/// profile and 100 for `demo`); a value that is not a number in 0...100 is logged and replaced
/// by the default, as Pilot does.
public enum TraceSampling {
    public static let pilotDefault = 100.0

    /// The percentage for `text` (nil: unset), and the warning Pilot would log for a bad one.
    public static func parse(_ text: String?) -> (percent: Double, warning: String?) {
        guard let text, !text.isEmpty else { return (pilotDefault, nil) }
        guard let value = Double(text), value.isFinite else {
            return (pilotDefault, "PILOT_TRACE_SAMPLING not set to a number: \(text)")
        }
        guard (0...100).contains(value) else { return (pilotDefault, "PILOT_TRACE_SAMPLING out of range: \(text)") }
        return (value, nil)
    }
}
