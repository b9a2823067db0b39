/// Splits an inline request line into arguments the way Redis's `sdssplitargs` does: spaces
/// separate words; `"..."` understands `\n \r \t \b \a \\ \"` and `\xHH`; `'...'` understands
/// `\'`; a closing quote must be followed by a space or the end of the line.
/// Returns nil for unbalanced quotes.
public enum InlineSplitter {
    public static func split(_ line: UnsafeRawBufferPointer) -> [[UInt8]]? {
        var result: [[UInt8]] = []
        var i = 0
        let n = line.count
        func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 10 || c == 13 || c == 9 || c == 11 || c == 12 }
        func hexValue(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: return c - 48
            case 97...102: return c - 87
            case 65...70: return c - 55
            default: return nil
            }
        }
        while true {
            while i < n && isSpace(line[i]) { i += 1 }
            if i >= n { return result }
            var current: [UInt8] = []
            var inDouble = false
            var inSingle = false
            var done = false
            while !done {
                if inDouble {
                    guard i < n, line[i] != 0 else { return nil }
                    let c = line[i]
                    if c == UInt8(ascii: "\\") && i + 3 < n && line[i + 1] == UInt8(ascii: "x"),
                        let h = hexValue(line[i + 2]), let l = hexValue(line[i + 3])
                    {
                        current.append(h << 4 | l)
                        i += 3
                    } else if c == UInt8(ascii: "\\") && i + 1 < n {
                        i += 1
                        switch line[i] {
                        case UInt8(ascii: "n"): current.append(10)
                        case UInt8(ascii: "r"): current.append(13)
                        case UInt8(ascii: "t"): current.append(9)
                        case UInt8(ascii: "b"): current.append(8)
                        case UInt8(ascii: "a"): current.append(7)
                        default: current.append(line[i])
                        }
                    } else if c == UInt8(ascii: "\"") {
                        // The closing quote must be followed by a space or nothing.
                        if i + 1 < n && !isSpace(line[i + 1]) { return nil }
                        done = true
                    } else {
                        current.append(c)
                    }
                } else if inSingle {
                    guard i < n, line[i] != 0 else { return nil }
                    let c = line[i]
                    if c == UInt8(ascii: "\\") && i + 1 < n && line[i + 1] == UInt8(ascii: "'") {
                        i += 1
                        current.append(UInt8(ascii: "'"))
                    } else if c == UInt8(ascii: "'") {
                        if i + 1 < n && !isSpace(line[i + 1]) { return nil }
                        done = true
                    } else {
                        current.append(c)
                    }
                } else {
                    if i >= n { done = true; break }
                    let c = line[i]
                    switch c {
                    case 0:
                        // Redis reads the line as a C string: a NUL ends the request.
                        if !current.isEmpty { result.append(current) }
                        return result
                    case 32, 10, 13, 9:
                        done = true
                    case UInt8(ascii: "\""):
                        inDouble = true
                    case UInt8(ascii: "'"):
                        inSingle = true
                    default:
                        current.append(c)
                    }
                }
                if i < n { i += 1 }
            }
            result.append(current)
        }
    }
}
