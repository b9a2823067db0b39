/// Escaping for XML 1.0 character data and attribute values. The input is cleaned first
/// (`PlainText.clean`), so nothing XML forbids survives. `>` is always escaped, so `]]>` never
/// appears raw and no CDATA section is needed.
enum XMLText {
    static func text(_ value: String) -> String {
        escape(value, inAttribute: false)
    }

    /// Tab, LF and CR become character references: a parser would otherwise normalise them to
    /// spaces and lose the value's lines.
    static func attribute(_ value: String) -> String {
        escape(value, inAttribute: true)
    }

    private static func escape(_ value: String, inAttribute: Bool) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for scalar in PlainText.clean(value).unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            // A literal CR is read back as LF everywhere.
            case "\r": result += "&#13;"
            case "\n" where inAttribute: result += "&#10;"
            case "\t" where inAttribute: result += "&#9;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
