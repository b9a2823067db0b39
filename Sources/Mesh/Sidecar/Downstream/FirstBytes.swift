import NIOCore

/// What the first bytes on the 15001 entry say about where the connection is going. Pure:
/// `EntrySniffer` feeds it what it has read so far.
public enum FirstBytes: Equatable, Sendable {
    /// Not enough bytes to decide yet.
    case needMore
    /// `CONNECT host:port HTTP/1.1` and its headers, `consumed` bytes long; the tunnel starts after.
    case connect(host: String, port: Int, consumed: Int)
    /// `GET http://host:port/path HTTP/1.1` (curl -x): the bytes stay for the listener.
    case absoluteForm(authority: String, port: Int)
    /// `GET /path HTTP/1.1` with a Host header.
    case originForm(authority: String, port: Int)
    /// Not HTTP/1.x: the reason, for the log and the 400 body.
    case malformed(String)

    /// The most the entry reads before it must have decided (Envoy's default max request headers: 60 KiB).
    public static let limit = 60 * 1024

    public static func parse(_ buffer: ByteBuffer) -> FirstBytes {
        let bytes = buffer.readableBytesView
        guard let lineEnd = firstCRLF(in: bytes, from: bytes.startIndex) else {
            if bytes.count >= limit { return .malformed("request line longer than \(limit) bytes") }
            // A request line is printable ASCII: reject binary garbage without waiting for a CRLF.
            if let bad = bytes.first(where: { ($0 < 0x20 && $0 != 0x0D) || $0 >= 0x7F }) {
                return .malformed("byte 0x\(String(bad, radix: 16)) in the request line")
            }
            return .needMore
        }
        if let bad = bytes[bytes.startIndex..<lineEnd].first(where: { $0 < 0x20 || $0 >= 0x7F }) {
            return .malformed("byte 0x\(String(bad, radix: 16)) in the request line")
        }
        let line = String(decoding: bytes[bytes.startIndex..<lineEnd], as: UTF8.self)
        let parts = line.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            return .malformed("request line '\(line.prefix(80))' is not 'METHOD TARGET HTTP/1.x'")
        }
        guard parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0" else {
            return .malformed("unsupported protocol '\(parts[2].prefix(20))' in the request line")
        }
        guard parts[0].allSatisfy({ $0.isLetter && $0.isUppercase }) else {
            return .malformed("method '\(parts[0].prefix(20))' is not a token")
        }
        let target = parts[1]
        if parts[0] == "CONNECT" {
            guard let headersEnd = endOfHeaders(bytes, after: lineEnd) else { return needMoreOrTooLong(bytes) }
            guard let (host, port) = splitAuthority(target, defaultPort: nil) else {
                return .malformed("CONNECT target '\(target.prefix(80))' is not host:port")
            }
            return .connect(host: host, port: port, consumed: headersEnd - bytes.startIndex)
        }
        if target.lowercased().hasPrefix("http://") {
            let rest = target.dropFirst("http://".count)
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            guard let (_, port) = splitAuthority(authority, defaultPort: 80) else {
                return .malformed("absolute URI '\(target.prefix(80))' has no valid authority")
            }
            return .absoluteForm(authority: String(authority), port: port)
        }
        guard target.hasPrefix("/") || target == "*" else {
            return .malformed("request target '\(target.prefix(80))' is neither a path nor an absolute http URI")
        }
        guard let headersEnd = endOfHeaders(bytes, after: lineEnd) else { return needMoreOrTooLong(bytes) }
        let headerText = String(decoding: bytes[(lineEnd + 2)..<headersEnd], as: UTF8.self)
        for header in headerText.split(separator: "\r\n") {
            guard let colon = header.firstIndex(of: ":") else { continue }
            guard header[..<colon].lowercased() == "host" else { continue }
            let value = header[header.index(after: colon)...].trimmingSpaces
            guard let (_, port) = splitAuthority(value, defaultPort: 80) else {
                return .malformed("Host header '\(value.prefix(80))' is not host[:port]")
            }
            return .originForm(authority: String(value), port: port)
        }
        return .malformed("origin-form request without a Host header: no destination to route to")
    }

    /// `host:port` (port required when `defaultPort` is nil); IPv6 literals in brackets.
    static func splitAuthority(_ authority: some StringProtocol, defaultPort: Int?) -> (String, Int)? {
        guard !authority.isEmpty else { return nil }
        let portSeparator: String.Index?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            let after = authority.index(after: close)
            portSeparator = after < authority.endIndex && authority[after] == ":" ? after : nil
            if portSeparator == nil && after != authority.endIndex { return nil }
        } else {
            portSeparator = authority.lastIndex(of: ":")
        }
        guard let separator = portSeparator else {
            guard let defaultPort else { return nil }
            return (String(authority), defaultPort)
        }
        guard let port = Int(authority[authority.index(after: separator)...]), (1...65535).contains(port) else { return nil }
        let host = authority[..<separator]
        return host.isEmpty ? nil : (String(host), port)
    }

    private static func needMoreOrTooLong(_ bytes: ByteBufferView) -> FirstBytes {
        bytes.count >= limit ? .malformed("request headers longer than \(limit) bytes") : .needMore
    }

    private static func firstCRLF(in bytes: ByteBufferView, from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.endIndex {
            if bytes[index] == 0x0D && bytes[index + 1] == 0x0A { return index }
            index += 1
        }
        return nil
    }

    /// Index just past the blank line that ends the headers.
    private static func endOfHeaders(_ bytes: ByteBufferView, after lineEnd: Int) -> Int? {
        var lineStart = lineEnd + 2
        while let end = firstCRLF(in: bytes, from: lineStart) {
            if end == lineStart { return end + 2 }
            lineStart = end + 2
        }
        return nil
    }
}
