/// Text from checkers, systems and suites (messages, errors, log excerpts) made safe to show in
/// a report or on a terminal. ANSI escape sequences go whole — a colour code is noise in a CI
/// log, and 0x1B is illegal in XML 1.0 even inside CDATA — and so does every character XML 1.0
/// forbids (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF) or discourages (DEL and the
/// C1 controls, which also move terminals' cursors). Lone surrogates cannot reach here: a Swift
/// String holds only scalars, and decoding replaced them with U+FFFD.
public enum PlainText {
    public static func clean(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\u{1B}" {
                index = afterEscapeSequence(scalars, at: index)
                continue
            }
            if isAllowed(scalar) { result.append(scalar) }
            index += 1
        }
        return String(result)
    }

    /// One line for an attribute or a summary: cleaned, line breaks and tabs as single spaces,
    /// trimmed, at most `limit` characters (the whole text stays in the report's body).
    public static func oneLine(_ text: String, limit: Int = 1000) -> String {
        var line = ""
        var pendingSpace = false
        for character in clean(text) {
            if character.isNewline || character == "\t" || character == " " {
                pendingSpace = !line.isEmpty
                continue
            }
            if pendingSpace { line.append(" ") }
            pendingSpace = false
            line.append(character)
        }
        guard line.count > limit else { return line }
        return String(line.prefix(max(0, limit - 1))) + "…"
    }

    /// XML 1.0's Char production, less the discouraged controls.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x20...0x7E, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// Skips a CSI sequence (ESC [ params intermediates final) or an OSC one (ESC ] ... BEL or
    /// ESC \); anything else loses only the ESC, so hostile text cannot make us swallow the
    /// rest of a message.
    private static func afterEscapeSequence(_ scalars: [Unicode.Scalar], at escape: Int) -> Int {
        var index = escape + 1
        guard index < scalars.count else { return index }
        switch scalars[index] {
        case "[":
            index += 1
            while index < scalars.count, (0x30...0x3F).contains(scalars[index].value) { index += 1 }
            while index < scalars.count, (0x20...0x2F).contains(scalars[index].value) { index += 1 }
            if index < scalars.count, (0x40...0x7E).contains(scalars[index].value) { return index + 1 }
            return escape + 1
        case "]":
            while index < scalars.count {
                if scalars[index] == "\u{07}" { return index + 1 }
                if scalars[index] == "\u{1B}", index + 1 < scalars.count, scalars[index + 1] == "\\" { return index + 2 }
                index += 1
            }
            return escape + 1
        default:
            return escape + 1
        }
    }
}
