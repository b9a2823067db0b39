import NIOHTTP1

/// What routing looks at in one request: Envoy's pseudo-headers and the headers.
public struct RouteRequest {
    public var method: String
    /// Host header, or the authority of an absolute-form URI.
    public var authority: String
    /// Origin-form path with its query string.
    public var path: String
    public var scheme: String
    public var headers: HTTPHeaders

    public init(method: String, authority: String, path: String, scheme: String = "http", headers: HTTPHeaders = [:]) {
        self.method = method
        self.authority = authority
        self.path = path
        self.scheme = scheme
        self.headers = headers
    }

    /// The path without its query string: what `path` and `regex` route matches look at.
    public var pathWithoutQuery: Substring {
        if let question = path.firstIndex(of: "?") { return path[..<question] }
        return path[...]
    }

    /// A header's value as matchers see it: pseudo-headers map to the request line, and a
    /// repeated header reads as its first value.
    public func value(of name: String) -> String? {
        switch name {
        case ":method": method
        case ":authority", "host": authority
        case ":path": path
        case ":scheme": scheme
        default: headers.first(name: name)
        }
    }
}
