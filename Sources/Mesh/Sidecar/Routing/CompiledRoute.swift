/// One route of a virtual host compiled for matching: its path match, header matchers and
/// what to do with the request.
public struct CompiledRoute: Sendable {
    public enum PathMatch: Sendable {
        case prefix(String)
        case exact(String)
        case regex(FullMatchRegex)
    }

    public enum Destination: Sendable, Equatable {
        case cluster(String)
        case weighted([XDSRouteAction.WeightedCluster], totalWeight: Int)
    }

    public let pathMatch: PathMatch
    public let headers: [HeaderMatcher]
    public let destination: Destination
    /// 0 disables the route timeout (Pilot 1.1's default).
    public let timeoutMilliseconds: Int
    public let retry: RetryPolicy
    public let fault: XDSFault?
    public let operation: String?
    /// The source route, as `/config_dump` shows it.
    public let source: XDSRoute

    public init(_ route: XDSRoute) throws {
        source = route
        if let path = route.match.path {
            pathMatch = .exact(path)
        } else if let regex = route.match.regex {
            pathMatch = .regex(try FullMatchRegex(regex))
        } else {
            pathMatch = .prefix(route.match.prefix ?? "/")
        }
        headers = try (route.match.headers ?? []).map(HeaderMatcher.init)
        if let weighted = route.route.weightedClusters, !weighted.clusters.isEmpty {
            destination = .weighted(weighted.clusters, totalWeight: weighted.clusters.reduce(0) { $0 + max(0, $1.weight) })
        } else {
            destination = .cluster(route.route.cluster ?? "")
        }
        guard let timeout = XDSDuration.milliseconds(route.route.timeout) else {
            throw SidecarConfigError.badDuration(field: "route.timeout", value: route.route.timeout)
        }
        timeoutMilliseconds = timeout
        if let perTry = route.route.retryPolicy?.perTryTimeout, XDSDuration.milliseconds(perTry) == nil {
            throw SidecarConfigError.badDuration(field: "retry_policy.per_try_timeout", value: perTry)
        }
        retry = RetryPolicy(xds: route.route.retryPolicy)
        fault = route.fault
        operation = route.decorator?.operation
    }

    public func matches(_ request: RouteRequest) -> Bool {
        switch pathMatch {
        case .prefix(let prefix): guard request.pathWithoutQuery.hasPrefix(prefix) else { return false }
        case .exact(let path): guard request.pathWithoutQuery == path else { return false }
        case .regex(let regex): guard regex.matches(request.pathWithoutQuery) else { return false }
        }
        return headers.allSatisfy { $0.matches(request) }
    }

    /// The cluster for one request; `random` picks among weighted clusters as Envoy does
    /// (a value below the total weight, walked over the cumulative weights).
    public func cluster(random: UInt64) -> String {
        switch destination {
        case .cluster(let name):
            return name
        case .weighted(let clusters, let total):
            guard total > 0 else { return clusters.first?.name ?? "" }
            var point = Int(random % UInt64(total))
            for cluster in clusters where cluster.weight > 0 {
                if point < cluster.weight { return cluster.name }
                point -= cluster.weight
            }
            return clusters.last?.name ?? ""
        }
    }
}
