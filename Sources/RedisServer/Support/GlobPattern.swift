/// Redis's `stringmatchlen`: `*`, `?`, `[abc]`, `[^abc]`, `[a-z]` and `\` escapes, over bytes,
/// with the same early exit that keeps `*` patterns from going exponential.
/// Used by KEYS, SCAN MATCH, PSUBSCRIBE and CONFIG GET.
public enum GlobPattern {
    public static func match(_ pattern: UnsafeRawBufferPointer, _ string: UnsafeRawBufferPointer, noCase: Bool = false)
        -> Bool
    {
        var skipLonger = false
        return matchFrom(pattern, 0, string, 0, noCase, &skipLonger)
    }

    public static func match(_ pattern: Bytes, _ string: Bytes, noCase: Bool = false) -> Bool {
        pattern.withUnsafeBytes { p in string.withUnsafeBytes { s in match(p, s, noCase: noCase) } }
    }

    public static func match(_ pattern: String, _ string: String, noCase: Bool = false) -> Bool {
        match(Bytes(pattern), Bytes(string), noCase: noCase)
    }

    @inline(__always)
    private static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c | 0x20 : c }

    private static func matchFrom(
        _ p: UnsafeRawBufferPointer, _ pStart: Int, _ s: UnsafeRawBufferPointer, _ sStart: Int,
        _ noCase: Bool, _ skipLonger: inout Bool
    ) -> Bool {
        var pi = pStart
        var si = sStart
        func eq(_ a: UInt8, _ b: UInt8) -> Bool { noCase ? lower(a) == lower(b) : a == b }
        while pi < p.count && si < s.count {
            switch p[pi] {
            case UInt8(ascii: "*"):
                while pi + 1 < p.count && p[pi + 1] == UInt8(ascii: "*") { pi += 1 }
                if pi + 1 == p.count { return true }
                while si < s.count {
                    if matchFrom(p, pi + 1, s, si, noCase, &skipLonger) { return true }
                    if skipLonger { return false }
                    si += 1
                }
                // Nothing after this star matches anywhere in the rest: no earlier star can help.
                skipLonger = true
                return false
            case UInt8(ascii: "?"):
                si += 1
            case UInt8(ascii: "["):
                pi += 1
                let negate = pi < p.count && p[pi] == UInt8(ascii: "^")
                if negate { pi += 1 }
                var matched = false
                while true {
                    let remaining = p.count - pi
                    if remaining >= 2 && p[pi] == UInt8(ascii: "\\") {
                        pi += 1
                        if p[pi] == s[si] { matched = true }
                    } else if remaining > 0 && p[pi] == UInt8(ascii: "]") {
                        break
                    } else if remaining == 0 {
                        pi -= 1
                        break
                    } else if remaining >= 3 && p[pi + 1] == UInt8(ascii: "-") {
                        var start = p[pi]
                        var end = p[pi + 2]
                        var c = s[si]
                        if start > end { swap(&start, &end) }
                        if noCase {
                            start = lower(start)
                            end = lower(end)
                            c = lower(c)
                        }
                        pi += 2
                        if c >= start && c <= end { matched = true }
                    } else if eq(p[pi], s[si]) {
                        matched = true
                    }
                    pi += 1
                }
                if negate { matched.toggle() }
                if !matched { return false }
                si += 1
            case UInt8(ascii: "\\"):
                if p.count - pi >= 2 { pi += 1 }
                if !eq(p[pi], s[si]) { return false }
                si += 1
            default:
                if !eq(p[pi], s[si]) { return false }
                si += 1
            }
            pi += 1
            if si == s.count {
                while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
                break
            }
        }
        return pi == p.count && si == s.count
    }
}
