/// A double as its shortest round-trip decimal digits and decimal-point position
/// (value = 0.d1d2…dk × 10^point), the common ground of JavaScript's Number#toString and
/// Python's repr, which only differ in how they lay the digits out.
struct ShortestDigits {
    var negative: Bool
    /// No leading or trailing zeros; "0" for zero.
    var digits: [Character]
    var point: Int

    init(_ value: Double) {
        negative = value.sign == .minus
        // Swift's description prints the shortest digits that round-trip ("1e-05", "12.5").
        let text = String(value.magnitude.description)
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts.first.map(Array.init) ?? []
        let fraction = parts.count > 1 ? Array(parts[1]) : []
        var all = whole + fraction
        var position = whole.count + exponent
        while let first = all.first, first == "0", all.count > 1 {
            all.removeFirst()
            position -= 1
        }
        while let last = all.last, last == "0", all.count > 1 { all.removeLast() }
        if all == ["0"] { position = 1 }
        digits = all
        point = position
    }

    var isZero: Bool { digits == ["0"] }

    /// ECMAScript Number::toString (radix 10) for a finite value.
    var javaScript: String {
        if isZero { return "0" }
        let k = digits.count
        let n = point
        let sign = negative ? "-" : ""
        if k <= n, n <= 21 { return sign + String(digits) + String(repeating: "0", count: n - k) }
        if 0 < n, n <= 21 { return sign + String(digits[..<n]) + "." + String(digits[n...]) }
        if -6 < n, n <= 0 { return sign + "0." + String(repeating: "0", count: -n) + String(digits) }
        let e = n - 1
        let exponent = "e" + (e < 0 ? "-" : "+") + String(abs(e))
        if k == 1 { return sign + String(digits) + exponent }
        return sign + String(digits[0]) + "." + String(digits[1...]) + exponent
    }

    /// Python 2.7's repr(float) for a finite value: fixed notation for 1e-4 <= |x| < 1e16,
    /// always with a fraction ("5.0"); otherwise d.ddde±XX with a two-digit exponent at least.
    var python: String {
        let sign = negative ? "-" : ""
        if isZero { return sign + "0.0" }
        let k = digits.count
        let n = point
        if n > -4, n <= 16 {
            if n <= 0 { return sign + "0." + String(repeating: "0", count: -n) + String(digits) }
            if n >= k { return sign + String(digits) + String(repeating: "0", count: n - k) + ".0" }
            return sign + String(digits[..<n]) + "." + String(digits[n...])
        }
        let e = n - 1
        let magnitude = String(abs(e))
        let exponent = "e" + (e < 0 ? "-" : "+") + (magnitude.count < 2 ? "0" + magnitude : magnitude)
        if k == 1 { return sign + String(digits) + exponent }
        return sign + String(digits[0]) + "." + String(digits[1...]) + exponent
    }
}
