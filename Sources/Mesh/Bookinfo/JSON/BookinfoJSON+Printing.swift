extension BookinfoJSON {
    /// Node's `JSON.stringify(value)`: compact, members in order, numbers as JavaScript prints
    /// them (non-finite ones as null), only `"`, `\` and control characters escaped.
    public func nodeStringified() -> String {
        var out = ""
        writeCompact(into: &out, javaScriptNumbers: true)
        return out
    }

    /// Compact JSON with numbers printed as their literals: Ruby's `to_json` of an Integer.
    public func compactStringified() -> String {
        var out = ""
        writeCompact(into: &out, javaScriptNumbers: false)
        return out
    }

    /// Python 2.7 `simplejson.dumps(value)` of the value as `json.loads` read it: `", "` and
    /// `": "` separators, dict members in CPython 2.7 slot order, non-ASCII escaped as \uXXXX.
    public func pythonDumped() -> String {
        var out = ""
        writePython(into: &out)
        return out
    }

    private func writeCompact(into out: inout String, javaScriptNumbers: Bool) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let literal) where !javaScriptNumbers:
            out += literal
        case .number(let literal):
            let value = Double(literal) ?? .nan
            out += value.isFinite ? ShortestDigits(value).javaScript : "null"
        case .string(let value): Self.writeQuoted(value, asciiOnly: false, into: &out)
        case .array(let elements):
            out += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { out += "," }
                element.writeCompact(into: &out, javaScriptNumbers: javaScriptNumbers)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (offset, member) in members.enumerated() {
                if offset > 0 { out += "," }
                Self.writeQuoted(member.key, asciiOnly: false, into: &out)
                out += ":"
                member.value.writeCompact(into: &out, javaScriptNumbers: javaScriptNumbers)
            }
            out += "}"
        }
    }

    private func writePython(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let literal):
            if isIntegerLiteral {
                // Python reads an integer literal as an int and prints it back unchanged.
                out += literal == "-0" ? "0" : literal
            } else {
                let value = Double(literal) ?? .nan
                if value.isFinite {
                    out += ShortestDigits(value).python
                } else {
                    out += value < 0 ? "-Infinity" : "Infinity"
                }
            }
        case .string(let value): Self.writeQuoted(value, asciiOnly: true, into: &out)
        case .array(let elements):
            out += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { out += ", " }
                element.writePython(into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            let values = Dictionary(members.map { ($0.key, $0.value) }, uniquingKeysWith: { _, last in last })
            for (offset, key) in PythonDictOrder.iterationOrder(of: members.map(\.key)).enumerated() {
                if offset > 0 { out += ", " }
                Self.writeQuoted(key, asciiOnly: true, into: &out)
                out += ": "
                values[key]?.writePython(into: &out)
            }
            out += "}"
        }
    }

    private static func writeQuoted(_ text: String, asciiOnly: Bool, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || (asciiOnly && scalar.value > 0x7E) {
                    if scalar.value > 0xFFFF {
                        let offset = scalar.value - 0x10000
                        out += hexEscape(0xD800 + (offset >> 10)) + hexEscape(0xDC00 + (offset & 0x3FF))
                    } else {
                        out += hexEscape(scalar.value)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    private static func hexEscape(_ unit: UInt32) -> String {
        let hex = String(unit, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
