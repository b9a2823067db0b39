/// `translateRouteMatch` (route.go): an Istio match block to an Envoy route match.
enum RouteMatchTranslation {
    static let methodHeader = ":method"
    static let authorityHeader = ":authority"
    static let schemeHeader = ":scheme"

    /// No block means prefix "/". Headers are sorted by name, then `:method`, `:authority` and
    /// `:scheme` are appended in that order.
    static func translate(_ match: VirtualService.HTTPMatchRequest?) -> XDSRouteMatch {
        var out = XDSRouteMatch(prefix: "/")
        guard let match else { return out }
        var headers = (match.headers ?? [:]).map { header(name: $0.key, $0.value) }.sorted { $0.name < $1.name }
        if let uri = match.uri {
            if let exact = uri.exact {
                out = XDSRouteMatch(path: exact)
            } else if let prefix = uri.prefix {
                out = XDSRouteMatch(prefix: prefix)
            } else if let regex = uri.regex {
                out = XDSRouteMatch(regex: regex)
            }
        }
        if let method = match.method { headers.append(header(name: methodHeader, method)) }
        if let authority = match.authority { headers.append(header(name: authorityHeader, authority)) }
        if let scheme = match.scheme { headers.append(header(name: schemeHeader, scheme)) }
        out.headers = headers.isEmpty ? nil : headers
        return out
    }

    static func header(name: String, _ match: VirtualService.StringMatch) -> XDSHeaderMatcher {
        XDSHeaderMatcher(name: name, exactMatch: match.exact, prefixMatch: match.prefix, regexMatch: match.regex)
    }

    /// A route that takes every request (prefix "/" or regex "*" without header matches):
    /// Pilot emits nothing after it.
    static func isCatchAll(_ match: XDSRouteMatch) -> Bool {
        guard (match.headers ?? []).isEmpty else { return false }
        return match.prefix == "/" || match.regex == "*"
    }
}
