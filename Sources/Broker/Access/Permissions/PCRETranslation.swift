/// Rewrites the few PCRE constructs ICU reads differently, so that NSRegularExpression finds
/// what Erlang's `re` finds:
/// - a `{` that does not open a quantifier (`{n}`, `{n,}`, `{n,m}`) is a literal in PCRE and an
///   error in ICU; topic patterns hold such braces (`^{username}\.`), as do permissions that
///   are never expanded. Such braces, and lone `}`, are escaped.
/// - inside a class, `{` and `}` are literals in PCRE but may start a string in ICU's set
///   syntax; they are escaped. A `]` first in a class (`[]a]`, `[^]a]`) is a literal in PCRE;
///   it is escaped too.
/// `\Q…\E` passes through untouched, as do escapes and POSIX classes (`[:digit:]`).
enum PCRETranslation {
    static func icuPattern(_ pcre: String) -> String {
        let s = Array(pcre.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        var inClass = false
        func append(_ text: String) { out.append(contentsOf: text.unicodeScalars) }
        while i < s.count {
            let c = s[i]
            if c == "\\" {
                if i + 1 < s.count, s[i + 1] == "Q" {
                    // Literal text up to \E (or the end), kept as it is: ICU knows \Q…\E.
                    var j = i + 2
                    while j < s.count, !(s[j] == "\\" && j + 1 < s.count && s[j + 1] == "E") { j += 1 }
                    let end = min(j + 2, s.count)
                    out.append(contentsOf: s[i..<end])
                    i = end
                    continue
                }
                out.append(c)
                if i + 1 < s.count { out.append(s[i + 1]) }
                i += 2
                continue
            }
            if inClass {
                if c == "[", i + 1 < s.count, s[i + 1] == ":", let close = posixClassEnd(s, from: i) {
                    out.append(contentsOf: s[i...close])
                    i = close + 1
                    continue
                }
                switch c {
                case "]": inClass = false; out.append(c)
                case "{": append("\\{")
                case "}": append("\\}")
                default: out.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case "[":
                inClass = true
                out.append(c)
                i += 1
                if i < s.count, s[i] == "^" { out.append(s[i]); i += 1 }
                if i < s.count, s[i] == "]" { append("\\]"); i += 1 }
            case "{":
                if let end = quantifierEnd(s, from: i) {
                    out.append(contentsOf: s[i...end])
                    i = end + 1
                } else {
                    append("\\{")
                    i += 1
                }
            case "}":
                append("\\}")
                i += 1
            default:
                out.append(c)
                i += 1
            }
        }
        return String(out)
    }

    /// The index of the `}` closing a quantifier `{n}`, `{n,}` or `{n,m}` that starts at `start`.
    private static func quantifierEnd(_ s: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start + 1
        let digitsStart = i
        while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
        guard i > digitsStart, i < s.count else { return nil }
        if s[i] == "}" { return i }
        guard s[i] == "," else { return nil }
        i += 1
        while i < s.count, ("0"..."9").contains(s[i]) { i += 1 }
        return i < s.count && s[i] == "}" ? i : nil
    }

    /// The index of the `]` ending a POSIX class `[:name:]` that starts at `start`.
    private static func posixClassEnd(_ s: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start + 2
        while i < s.count, ("a"..."z").contains(s[i]) { i += 1 }
        guard i + 1 < s.count, s[i] == ":", s[i + 1] == "]" else { return nil }
        return i + 1
    }
}
