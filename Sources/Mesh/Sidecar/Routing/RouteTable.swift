/// A `RouteConfiguration` compiled once per configuration version: virtual hosts by domain,
/// their routes in order, regexes built.
public struct RouteTable: Sendable {
    public struct VirtualHost: Sendable {
        public let name: String
        public let routes: [CompiledRoute]
    }

    /// What routing decided for one request.
    public struct Selection: Sendable {
        public let virtualHost: String
        public let route: CompiledRoute
        public let cluster: String
    }

    public let name: String
    private let hosts: VirtualHostMatcher<VirtualHost>

    public init(_ config: XDSRouteConfiguration) throws {
        name = config.name
        let compiled = try config.virtualHosts.map { host in
            (domains: host.domains, host: VirtualHost(name: host.name, routes: try host.routes.map(CompiledRoute.init)))
        }
        hosts = VirtualHostMatcher(compiled)
    }

    /// The first matching route of the request's virtual host, or nil (Envoy: 404, flag NR).
    public func route(_ request: RouteRequest, random: UInt64) -> Selection? {
        guard let host = hosts.match(request.authority),
            let route = host.routes.first(where: { $0.matches(request) })
        else { return nil }
        return Selection(virtualHost: host.name, route: route, cluster: route.cluster(random: random))
    }
}
