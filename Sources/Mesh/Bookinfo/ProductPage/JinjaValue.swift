/// How Jinja2 (under Python 2.7) prints and tests the JSON values productpage passes to its
/// templates: `{{ x }}` is `escape(unicode(x))`, `{% if x %}` is Python truthiness, and a
/// missing key is Undefined (prints nothing, false).
enum JinjaValue {
    /// `{{ value }}` with autoescape on; nil is Undefined.
    static func printed(_ value: BookinfoJSON?) -> String {
        escape(raw(value))
    }

    /// `{{ value }}` inside `{% autoescape false %}`.
    static func raw(_ value: BookinfoJSON?) -> String {
        guard let value else { return "" }
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .number(let literal):
            if value.isIntegerLiteral { return literal == "-0" ? "0" : literal }
            return ShortestDigits(Double(literal) ?? 0).python
        case .string(let text): return text
        case .array, .object: return value.pythonDumped()
        }
    }

    /// Python truthiness; Undefined is false.
    static func truthy(_ value: BookinfoJSON?) -> Bool {
        guard let value else { return false }
        switch value {
        case .null: return false
        case .bool(let flag): return flag
        case .number(let literal): return (Double(literal) ?? 0) != 0
        case .string(let text): return !text.isEmpty
        case .array(let elements): return !elements.isEmpty
        case .object(let members): return !members.isEmpty
        }
    }

    /// Jinja's `a.b`: an object's member, Undefined for anything else.
    static func attribute(_ value: BookinfoJSON?, _ key: String) -> BookinfoJSON? {
        value?[key]
    }

    /// MarkupSafe's escape: & < > " ' .
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
