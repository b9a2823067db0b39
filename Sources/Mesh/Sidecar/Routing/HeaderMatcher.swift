/// One compiled `HeaderMatcher`: exact, prefix, regex (full match) or, with none of them,
/// presence (Envoy's `present_match`).
public struct HeaderMatcher: Sendable {
    public enum Kind: Sendable {
        case exact(String)
        case prefix(String)
        case regex(FullMatchRegex)
        case present
    }

    public let name: String
    public let kind: Kind

    public init(_ matcher: XDSHeaderMatcher) throws {
        name = matcher.name.lowercased()
        if let exact = matcher.exactMatch {
            kind = .exact(exact)
        } else if let prefix = matcher.prefixMatch {
            kind = .prefix(prefix)
        } else if let regex = matcher.regexMatch {
            kind = .regex(try FullMatchRegex(regex))
        } else {
            kind = .present
        }
    }

    public func matches(_ request: RouteRequest) -> Bool {
        guard let value = request.value(of: name) else { return false }
        switch kind {
        case .exact(let expected): return value == expected
        case .prefix(let prefix): return value.hasPrefix(prefix)
        case .regex(let regex): return regex.matches(value)
        case .present: return true
        }
    }
}
