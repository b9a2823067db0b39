import Foundation

/// Times and dates as reports write them, built from integers so that no locale can touch
/// them: JUnit consumers parse `time` as a plain decimal with '.' (Jenkins fails on "0,03",
/// "8,926.953" or "1e-05", the xUnit plugin on more than three decimals), and the Ant schema
/// wants timestamps without a time zone.
public enum ReportTime {
    /// Seconds as a plain decimal with at most three decimals: "0", "1.5", "12.345".
    public static func seconds(_ value: Double) -> String {
        let millis = milliseconds(value)
        let fraction = millis % 1000
        guard fraction != 0 else { return String(millis / 1000) }
        var digits = padded(Int(fraction), 3)
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(millis / 1000).\(digits)"
    }

    /// Seconds rounded to whole milliseconds, for JSON (which cannot hold NaN either).
    public static func rounded(_ value: Double) -> Double { Double(milliseconds(value)) / 1000 }

    /// Negative, NaN and infinite times (a clock gone wrong) count as 0; absurd ones are capped
    /// at a year rather than overflowing.
    static func milliseconds(_ value: Double) -> Int64 {
        guard value.isFinite, value > 0 else { return 0 }
        return Int64((min(value, 31_536_000) * 1000).rounded())
    }

    /// `2026-11-27T02:30:00`: UTC, whole seconds, no zone designator (the Ant schema's pattern;
    /// UTC so that reports from machines in different zones compare).
    public static func timestamp(_ date: Date) -> String {
        let t = civil(date)
        return "\(padded(t.year, 4))-\(padded(t.month, 2))-\(padded(t.day, 2))T"
            + "\(padded(t.hour, 2)):\(padded(t.minute, 2)):\(padded(t.second, 2))"
    }

    /// `20261127-023000`: UTC, sorts as it reads; the first part of a run id.
    public static func compact(_ date: Date) -> String {
        let t = civil(date)
        return "\(padded(t.year, 4))\(padded(t.month, 2))\(padded(t.day, 2))-"
            + "\(padded(t.hour, 2))\(padded(t.minute, 2))\(padded(t.second, 2))"
    }

    /// For people: "850ms", "21.3s", "2m05s", "1h02m".
    public static func human(_ value: Double) -> String {
        let millis = milliseconds(value)
        if millis < 1000 { return "\(millis)ms" }
        if millis < 59_950 {
            let tenths = (millis + 50) / 100
            return "\(tenths / 10).\(tenths % 10)s"
        }
        let seconds = (millis + 500) / 1000
        if seconds < 3600 { return "\(seconds / 60)m\(padded(Int(seconds % 60), 2))s" }
        let minutes = seconds / 60
        return "\(minutes / 60)h\(padded(Int(minutes % 60), 2))m"
    }

    private static func padded<T: BinaryInteger>(_ value: T, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// Calendar fields in UTC, by Howard Hinnant's days-from-civil inverse: no Calendar, no
    /// locale. Dates outside 0001...9999 are clamped so the year stays four digits.
    private static func civil(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let interval = date.timeIntervalSince1970
        let seconds = interval.isFinite ? Int64(max(-62_135_596_800, min(253_402_300_799, interval.rounded(.down)))) : 0
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = Int(yearOfEra + era * 400) + (month <= 2 ? 1 : 0)
        return (year, month, day, secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
    }
}
