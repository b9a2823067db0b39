/// How checkers write times, counts and lists, so every report reads the same.
enum CheckText {
    /// Seconds since the scenario began, to the millisecond: `3.402s`.
    static func seconds(_ nanoseconds: Int64) -> String {
        let millis = (nanoseconds + (nanoseconds >= 0 ? 500_000 : -500_000)) / 1_000_000
        let sign = millis < 0 ? "-" : ""
        let whole = abs(millis) / 1000, fraction = abs(millis) % 1000
        return "\(sign)\(whole).\(String(repeating: "0", count: 3 - String(fraction).count))\(fraction)s"
    }

    /// A duration as the suite would write it.
    static func duration(_ duration: Duration) -> String { DurationText.format(duration) }

    /// `1,204`.
    static func count(_ value: Int) -> String {
        let digits = String(abs(value))
        var grouped = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0 && (digits.count - offset) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `10%`, `0.5%`: a fraction as a percentage, without float noise.
    static func percent(_ fraction: Double) -> String {
        let hundredths = Int((fraction * 10_000).rounded())
        var text = "\(hundredths / 100)"
        let rest = hundredths % 100
        if rest != 0 { text += rest % 10 == 0 ? ".\(rest / 10)" : rest < 10 ? ".0\(rest)" : ".\(rest)" }
        return text + "%"
    }

    /// "1 write", "3 writes".
    static func plural(_ value: Int, _ noun: String, _ plural: String? = nil) -> String {
        "\(count(value)) \(value == 1 ? noun : plural ?? noun + "s")"
    }

    /// Keeps the first `limit` lines and says how many were left out, so a report with
    /// thousands of findings stays readable.
    static func capped(_ lines: [String], limit: Int = 50) -> [String] {
        guard lines.count > limit else { return lines }
        return Array(lines.prefix(limit)) + ["… and \(count(lines.count - limit)) more"]
    }

    /// A list of names as a reader writes it: `k1, k2 and 3 more`.
    static func names(_ names: [String], limit: Int = 10) -> String {
        guard names.count > limit else { return names.joined(separator: ", ") }
        return names.prefix(limit).joined(separator: ", ") + " and \(count(names.count - limit)) more"
    }
}

extension Array where Element == Int {
    /// History indexes for `CheckResult.evidence`: sorted, unique, bounded.
    func asEvidence(limit: Int = 500) -> [Int] {
        Array(Set(self).sorted().prefix(limit))
    }
}
