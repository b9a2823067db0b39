import Hummingbird
import NIOCore

/// What a Bookinfo service sees of a request: the original servers each look at a different
/// slice of it (WEBrick the decoded path and Host, Node the raw URL, Flask form and cookies).
public struct IncomingRequest: Sendable {
    public var method: HTTPRequest.Method
    /// The request target as sent, query included (`/ratings/0?x=1`).
    public var target: String
    public var headers: HTTPFields
    /// The Host header (HTTP/1's Host travels as the request's authority in HTTPTypes).
    public var authority: String?
    public var body: ByteBuffer
    /// The listening socket's address ("host:port" of the server side), for pages that name it.
    public var localHost: String?
    public var localPort: Int?

    public init(
        method: HTTPRequest.Method, target: String, headers: HTTPFields = [:], authority: String? = nil, body: ByteBuffer = ByteBuffer(),
        localHost: String? = nil, localPort: Int? = nil
    ) {
        self.method = method
        self.target = target
        self.headers = headers
        self.authority = authority
        self.body = body
        self.localHost = localHost
        self.localPort = localPort
    }

    /// The path part of the target, still percent-encoded.
    public var rawPath: String {
        if let mark = target.firstIndex(where: { $0 == "?" || $0 == "#" }) { return String(target[..<mark]) }
        return target
    }

    /// The query part of the target, without `?`, or "".
    public var rawQuery: String {
        guard let mark = target.firstIndex(of: "?") else { return "" }
        let rest = target[target.index(after: mark)...]
        return String(rest.prefix(while: { $0 != "#" }))
    }

    /// The value of a header (first one), by case-insensitive name.
    public func header(_ name: String) -> String? {
        let lowercased = name.lowercased()
        if lowercased == "host", let authority { return authority }
        return headers.first(where: { $0.name.canonicalName == lowercased })?.value
    }
}
