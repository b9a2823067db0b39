/// Ruby's `Integer(string)`, which details.rb applies to the last path segment: surrounding
/// whitespace, a sign, `0x`/`0b`/`0o`/`0d` or a leading `0` (octal) prefix, and single
/// underscores between digits are accepted; anything else raises. The result is the decimal
/// text Ruby prints (`Integer("0x1A")` is 26), bignums included for plain decimals.
enum RubyInteger {
    static func parse(_ text: String) -> String? {
        var body = Substring(text).drop(while: \.isRubySpace)
        while let last = body.last, last.isRubySpace { body = body.dropLast() }
        var negative = false
        if let sign = body.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            body = body.dropFirst()
        }
        var radix = 10
        let lower = body.lowercased()
        if lower.hasPrefix("0x") {
            radix = 16
            body = body.dropFirst(2)
        } else if lower.hasPrefix("0b") {
            radix = 2
            body = body.dropFirst(2)
        } else if lower.hasPrefix("0o") {
            radix = 8
            body = body.dropFirst(2)
        } else if lower.hasPrefix("0d") {
            body = body.dropFirst(2)
        } else if body.count > 1, body.first == "0" {
            radix = 8
            body = body.dropFirst()
            if body.first == "_" { body = body.dropFirst() }
        }
        guard let digits = digitsWithoutUnderscores(body, radix: radix) else { return nil }
        let magnitude: String
        if radix == 10 {
            let trimmed = digits.drop(while: { $0 == "0" })
            magnitude = trimmed.isEmpty ? "0" : String(trimmed)
        } else {
            guard let value = UInt64(digits, radix: radix) else { return nil }
            magnitude = String(value)
        }
        return negative && magnitude != "0" ? "-" + magnitude : magnitude
    }

    /// The digits with underscores removed; nil when empty, when a character is not a digit of
    /// the radix, or when an underscore is leading, trailing or doubled.
    private static func digitsWithoutUnderscores(_ text: Substring, radix: Int) -> String? {
        guard let first = text.first, first != "_", let last = text.last, last != "_", !text.contains("__") else { return nil }
        var digits = ""
        for character in text where character != "_" {
            guard let value = character.hexDigitValue, value < radix else { return nil }
            digits.append(character)
        }
        return digits
    }
}

extension Character {
    /// Ruby's whitespace for String#strip: space, \t, \n, \v, \f, \r and NUL.
    fileprivate var isRubySpace: Bool { [" ", "\t", "\n", "\u{0B}", "\u{0C}", "\r", "\0"].contains(self) }
}
