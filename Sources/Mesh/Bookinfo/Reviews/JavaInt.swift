/// Java's `Integer.valueOf(String)`, the conversion JAX-RS applies to `@PathParam int`:
/// an optional sign and decimal digits within 32 bits; nil (a 404 in JAX-RS) otherwise.
enum JavaInt {
    static func parse(_ text: String) -> Int32? {
        var digits = Substring(text)
        var negative = false
        if let sign = digits.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            digits = digits.dropFirst()
        }
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int32(negative ? "-" + digits : String(digits))
    }

    /// javax.json's JsonNumber.intValue(): the value truncated toward zero, then cut to 32 bits.
    static func intValue(of number: Double) -> Int32 {
        guard number.isFinite else { return 0 }
        let truncated = number.rounded(.towardZero)
        guard let wide = Int64(exactly: truncated) else { return truncated < 0 ? Int32.min : Int32.max }
        return Int32(truncatingIfNeeded: wide)
    }
}
