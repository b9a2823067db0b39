/// Envoy's virtual host selection (`RouteMatcher::findVirtualHost`): the lowercased Host as is
/// (ports are not stripped; Pilot lists `reviews` and `reviews:9080` both) against exact
/// domains, then the longest `*suffix` wildcard, then the longest `prefix*` wildcard, then `*`.
public struct VirtualHostMatcher<Host: Sendable>: Sendable {
    private var exact: [String: Host] = [:]
    /// Sorted longest first so the first hit is the most specific.
    private var suffixes: [(suffix: String, host: Host)] = []
    private var prefixes: [(prefix: String, host: Host)] = []
    private var catchAll: Host?

    public init(_ entries: [(domains: [String], host: Host)]) {
        for (domains, host) in entries {
            for domain in domains.map({ $0.lowercased() }) {
                if domain == "*" {
                    if catchAll == nil { catchAll = host }
                } else if domain.hasPrefix("*") {
                    suffixes.append((String(domain.dropFirst()), host))
                } else if domain.hasSuffix("*") {
                    prefixes.append((String(domain.dropLast()), host))
                } else if exact[domain] == nil {
                    // Envoy refuses duplicate domains; keeping the first is the lenient reading.
                    exact[domain] = host
                }
            }
        }
        suffixes.sort { $0.suffix.count > $1.suffix.count }
        prefixes.sort { $0.prefix.count > $1.prefix.count }
    }

    public func match(_ authority: String) -> Host? {
        let host = authority.lowercased()
        if let hit = exact[host] { return hit }
        // The wildcard stands for at least one character, so `*.foo.com` does not match `.foo.com`.
        for (suffix, entry) in suffixes where host.count > suffix.count && host.hasSuffix(suffix) { return entry }
        for (prefix, entry) in prefixes where host.count > prefix.count && host.hasPrefix(prefix) { return entry }
        return catchAll
    }
}
