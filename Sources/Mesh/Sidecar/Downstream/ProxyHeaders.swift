import NIOHTTP1

/// Header rewriting between client and upstream: hop-by-hop headers end at the proxy
/// (RFC 7230 §6.1), and bodies are re-framed with content-length because the proxy holds them whole.
enum ProxyHeaders {
    static let hopByHop: [String] = ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization"]

    static func removeHopByHop(_ headers: inout HTTPHeaders) {
        for listed in headers[canonicalForm: "connection"] where !listed.isEmpty {
            headers.remove(name: String(listed))
        }
        for name in hopByHop { headers.remove(name: name) }
    }

    /// Splits an absolute-form target (`http://details:9080/details/0`) into authority and
    /// origin-form path; origin-form targets come back unchanged with a nil authority.
    static func splitTarget(_ uri: String) -> (authority: Substring?, path: String) {
        guard uri.count > 7, uri.prefix(7).lowercased() == "http://" else { return (nil, uri) }
        let rest = uri.dropFirst(7)
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let path = rest[pathStart...]
        return (rest[..<pathStart], path.isEmpty ? "/" : (path.first == "?" ? "/" + path : String(path)))
    }

    /// Whether a response to `method` with `status` carries no body (RFC 7230 §3.3.3).
    static func responseHasNoBody(method: HTTPMethod, status: Int) -> Bool {
        method == .HEAD || status == 204 || status == 304 || (100..<200).contains(status)
    }
}
