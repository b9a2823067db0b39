import NIOHTTP1

/// Header rewriting between client and upstream: hop-by-hop headers end at the proxy
/// (RFC 7230 §6.1), and bodies are re-framed with content-length because the proxy holds them whole.
/// Each rewrite is one pass over the headers: a `remove`/`replaceOrAdd` per name would scan them once per name.
enum ProxyHeaders {
    static func isHopByHop(_ name: String) -> Bool {
        switch name.utf8.count {
        case 2: name.equalsIgnoringASCIICase("te")
        case 7: name.equalsIgnoringASCIICase("upgrade") || name.equalsIgnoringASCIICase("trailer")
        case 10: name.equalsIgnoringASCIICase("connection") || name.equalsIgnoringASCIICase("keep-alive")
        case 16: name.equalsIgnoringASCIICase("proxy-connection")
        case 17: name.equalsIgnoringASCIICase("transfer-encoding")
        case 19: name.equalsIgnoringASCIICase("proxy-authorization")
        default: false
        }
    }

    static func removeHopByHop(_ headers: inout HTTPHeaders) {
        guard headers.contains(where: { isHopByHop($0.name) }) else { return }
        let listed = headers[canonicalForm: "connection"].filter { !$0.isEmpty }
        headers = HTTPHeaders(headers.filter { header in
            !isHopByHop(header.name) && !listed.contains { header.name.equalsIgnoringASCIICase($0) }
        })
    }

    /// `headers` without the headers `added` sets or `removing` names (ignoring case), followed by `added`.
    static func replacing(_ headers: HTTPHeaders, with added: [(String, String)], removing: [String] = []) -> HTTPHeaders {
        var result: [(String, String)] = []
        result.reserveCapacity(headers.count + added.count)
        for (name, value) in headers
        where !added.contains(where: { name.equalsIgnoringASCIICase($0.0) }) && !removing.contains(where: { name.equalsIgnoringASCIICase($0) }) {
            result.append((name, value))
        }
        result.append(contentsOf: added)
        return HTTPHeaders(result)
    }

    /// Splits an absolute-form target (`http://details:9080/details/0`) into authority and
    /// origin-form path; origin-form targets come back unchanged with a nil authority.
    static func splitTarget(_ uri: String) -> (authority: Substring?, path: String) {
        guard uri.utf8.count > 7, uri.prefix(7).equalsIgnoringASCIICase("http://") else { return (nil, uri) }
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
