import NIOCore

/// A captured HTTP request written again for the target: head as captured (Host rewritten when
/// it named the captured server), body re-framed with Content-Length (de-chunked on capture).
enum HTTPRequestEncoding {
    /// Framing is recomputed, so the captured framing headers are dropped.
    static let framingHeaders: Set<String> = ["content-length", "transfer-encoding"]

    static func write(_ request: HTTPMessage, hostRewrite: String?, into buffer: inout ByteBuffer) {
        guard case .request(let method, let target, let version) = request.head else { return }
        buffer.writeString("\(method) \(target) \(version)\r\n")
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
    static func rewrittenHost(_ host: String?, server: TCPEndpoint, target: ReplayAddress) -> String? {
        guard let host else { return nil }
        var name = String(host.trimmingSpaces())
        var port: UInt16 = 80
        if let colon = name.lastIndex(of: ":"), !name.hasSuffix("]"), let parsed = UInt16(name[name.index(after: colon)...]) {
            port = parsed
            name = String(name[..<colon])
        }
        if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        let local: Set<String> = ["localhost", "127.0.0.1", "::1"]
        guard port == server.port, name.lowercased() == server.address.lowercased() || local.contains(name.lowercased()) else { return nil }
        return target.description
    }

    /// `GET /details/0`.
    static func describe(_ request: HTTPMessage) -> String {
        guard case .request(let method, let target, _) = request.head else { return "response" }
        return "\(method) \(target)"
    }
}
