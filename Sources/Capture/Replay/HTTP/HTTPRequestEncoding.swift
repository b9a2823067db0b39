import NIOCore

/// A captured HTTP request written again for the target: head as captured (Host rewritten when
/// it named the captured server), body re-framed with Content-Length (de-chunked on capture).
enum HTTPRequestEncoding {
    /// Framing is recomputed, so the captured framing headers are dropped.
    static let framingHeaders: Set<String> = ["content-length", "transfer-encoding"]

    /// `targetRewrite` replaces the request target (an absolute-form one that named the captured
    /// server, `rewrittenTarget`).
    static func write(_ request: HTTPMessage, hostRewrite: String?, targetRewrite: String? = nil, into buffer: inout ByteBuffer) {
        guard case .request(let method, let target, let version) = request.head else { return }
        buffer.writeString("\(method) \(targetRewrite ?? target) \(version)\r\n")
        for field in request.headers {
            let name = field.name.lowercased()
            if framingHeaders.contains(name) || name == "te" && field.value.lowercased() == "trailers" { continue }
            let value = name == "host" ? (hostRewrite ?? field.value) : field.value
            buffer.writeString("\(field.name): \(value)\r\n")
        }
        let hadLength = request.headers.contains { framingHeaders.contains($0.name.lowercased()) }
        if request.body.readableBytes > 0 || hadLength {
            buffer.writeString("Content-Length: \(request.body.readableBytes)\r\n")
        }
        buffer.writeString("\r\n")
        buffer.writeImmutableBuffer(request.body)
    }

    /// The Host value to send instead of `host`, when `host` names the captured server (its
    /// address, or localhost / 127.0.0.1 / ::1, with its port); nil to keep it.
    static func rewrittenHost(_ host: String?, server: TCPEndpoint, target: ReplayAddress, defaultPort: UInt16 = 80) -> String? {
        guard let host else { return nil }
        var name = String(host.trimmingSpaces())
        var port = defaultPort
        if let colon = name.lastIndex(of: ":"), !name.hasSuffix("]"), let parsed = UInt16(name[name.index(after: colon)...]) {
            port = parsed
            name = String(name[..<colon])
        }
        if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        let local: Set<String> = ["localhost", "127.0.0.1", "::1"]
        guard port == server.port, name.lowercased() == server.address.lowercased() || local.contains(name.lowercased()) else { return nil }
        return target.description
    }

    /// An absolute-form request target (`http://10.0.0.2:8080/path`, what clients send a proxy)
    /// with its authority replaced by the target when it named the captured server (the rule of
    /// `rewrittenHost`); nil to keep it: origin-form (`/path`), authority-form (CONNECT's
    /// `host:port`, which names where the tunnel goes) and other hosts.
    static func rewrittenTarget(_ requestTarget: String, server: TCPEndpoint, target: ReplayAddress) -> String? {
        let lower = requestTarget.lowercased()
        let (schemeLength, defaultPort): (Int, UInt16) =
            if lower.hasPrefix("http://") { (7, 80) } else if lower.hasPrefix("https://") { (8, 443) } else { (0, 0) }
        guard schemeLength > 0 else { return nil }
        let rest = requestTarget.dropFirst(schemeLength)
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        // `user@host:port`: only the host and port name the server.
        let hostStart = authority.lastIndex(of: "@").map { authority.index(after: $0) } ?? authority.startIndex
        guard let rewritten = rewrittenHost(String(authority[hostStart...]), server: server, target: target, defaultPort: defaultPort) else {
            return nil
        }
        return String(requestTarget[..<hostStart]) + rewritten + String(rest[authorityEnd...])
    }

    /// `GET /details/0`.
    static func describe(_ request: HTTPMessage) -> String {
        guard case .request(let method, let target, _) = request.head else { return "response" }
        return "\(method) \(target)"
    }
}
