/// JavaScript's `parseInt(string)` (no radix), which ratings.js applies to the last segment of
/// the raw URL: leading whitespace skipped, a sign, `0x` for hex, then as many digits as
/// there are; NaN (nil) without any. `parseInt("12abc")` is 12, `parseInt("0x1f")` 31.
enum JavaScriptParseInt {
    static func parse(_ text: String) -> Double? {
        var rest = Substring(text).drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        var negative = false
        if let sign = rest.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            rest = rest.dropFirst()
        }
        var radix = 10.0
        if rest.hasPrefix("0x") || rest.hasPrefix("0X") {
            radix = 16
            rest = rest.dropFirst(2)
        }
        var value = 0.0
        var sawDigit = false
        for character in rest {
            guard let digit = character.hexDigitValue, Double(digit) < radix, character.isASCII else { break }
            value = value * radix + Double(digit)
            sawDigit = true
        }
        guard sawDigit else { return nil }
        return negative ? -value : value
    }
}
