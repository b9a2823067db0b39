import NIOCore

/// Parses the head of an HTTP/1.x message — start line and header fields, the bytes before the
/// empty line — strictly (RFC 9112): CRLF line ends, token methods and field names, no
/// whitespace before a colon, no obsolete line folding, HTTP/1.0 or 1.1 only.
enum HTTPHeadParser {
    struct Failure: Error {
        var reason: String
    }

    static func parseRequestLine(_ line: UnsafeRawBufferPointer) throws(Failure) -> HTTPMessage.Head {
        guard let firstSpace = line.firstIndex(of: 32), firstSpace > 0 else {
            throw Failure(reason: "request line \(quote(line)) has no method")
        }
        let method = UnsafeRawBufferPointer(rebasing: line[..<firstSpace])
        guard method.allSatisfy(isTokenByte) else { throw Failure(reason: "method \(quote(method)) is not a token") }
        let rest = UnsafeRawBufferPointer(rebasing: line[(firstSpace + 1)...])
        guard let secondSpace = rest.firstIndex(of: 32), secondSpace > 0 else {
            throw Failure(reason: "request line \(quote(line)) is not METHOD TARGET VERSION")
        }
        let target = UnsafeRawBufferPointer(rebasing: rest[..<secondSpace])
        let version = UnsafeRawBufferPointer(rebasing: rest[(secondSpace + 1)...])
        guard target.allSatisfy({ $0 > 32 && $0 < 127 }) else { throw Failure(reason: "request target \(quote(target)) has bytes not allowed") }
        try checkVersion(version)
        return .request(method: string(method), target: string(target), version: string(version))
    }

    static func parseStatusLine(_ line: UnsafeRawBufferPointer) throws(Failure) -> HTTPMessage.Head {
        // HTTP-version SP 3DIGIT SP reason-phrase; some servers omit the space of an empty reason.
        guard line.count >= 12, line[8] == 32 else { throw Failure(reason: "status line \(quote(line)) is not VERSION STATUS REASON") }
        let version = UnsafeRawBufferPointer(rebasing: line[..<8])
        try checkVersion(version)
        let digits = UnsafeRawBufferPointer(rebasing: line[9..<12])
        guard digits.allSatisfy({ $0 >= 48 && $0 <= 57 }), line.count == 12 || line[12] == 32 else {
            throw Failure(reason: "status line \(quote(line)) has no 3-digit status code")
        }
        let status = digits.reduce(0) { $0 * 10 + Int($1 - 48) }
        guard status >= 100 else { throw Failure(reason: "status \(status) is below 100") }
        let reason = line.count > 13 ? UnsafeRawBufferPointer(rebasing: line[13...]) : UnsafeRawBufferPointer(start: nil, count: 0)
        guard reason.allSatisfy(isFieldValueByte) else { throw Failure(reason: "reason phrase \(quote(reason)) has control bytes") }
        return .response(version: string(version), status: status, reason: string(reason))
    }

    static func parseField(_ line: UnsafeRawBufferPointer) throws(Failure) -> HTTPMessage.Field {
        if let first = line.first, first == 32 || first == 9 {
            throw Failure(reason: "obsolete line folding (a header line starting with whitespace)")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else {
            throw Failure(reason: "header line \(quote(line)) has no field name and colon")
        }
        let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
        guard name.allSatisfy(isTokenByte) else {
            throw Failure(reason: "field name \(quote(name)) is not a token (whitespace before the colon?)")
        }
        var start = colon + 1
        var end = line.count
        while start < end, line[start] == 32 || line[start] == 9 { start += 1 }
        while end > start, line[end - 1] == 32 || line[end - 1] == 9 { end -= 1 }
        let value = UnsafeRawBufferPointer(rebasing: line[start..<end])
        guard value.allSatisfy(isFieldValueByte) else { throw Failure(reason: "value of \(string(name)) has control bytes") }
        return HTTPMessage.Field(name: string(name), value: string(value))
    }

    private static func checkVersion(_ version: UnsafeRawBufferPointer) throws(Failure) {
        guard version.count == 8, version.starts(with: "HTTP/1.".utf8), version[7] == 48 || version[7] == 49 else {
            throw Failure(reason: "version \(quote(version)) is not HTTP/1.0 or HTTP/1.1")
        }
    }

    /// RFC 9110 tchar.
    static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"),
            UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"),
            UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }

    /// Visible characters, space, tab and obs-text.
    private static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == 9 || (byte >= 32 && byte != 127)
    }

    static func string(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }

    static func quote(_ bytes: UnsafeRawBufferPointer) -> String {
        let shown = bytes.prefix(60).map { (32..<127).contains($0) ? String(UnicodeScalar($0)) : "\\x" + String($0, radix: 16) }.joined()
        return "\"" + shown + (bytes.count > 60 ? "…" : "") + "\""
    }
}
