/// What one proxy gets at one version, with the warnings Pilot would have logged while
/// building it (listener conflicts, unusable durations, ...).
public struct DiscoveryTranslation: Sendable, Equatable {
    public var snapshot: XDSSnapshot
    public var warnings: [String]
}

/// Pilot 1.1's per-proxy config generation as a pure function of the registry, the Istio
/// config and the proxy: listeners, route configurations, clusters and endpoints.
public enum DiscoveryTranslator {
    public struct Options: Sendable, Equatable {
        /// Pilot's `--domain`: the suffix short names in config resolve under.
        public var domainSuffix: String
        /// The mesh's ProxyListenPort, where the `virtual` listener sits.
        public var proxyListenPort: Int

        /// Percentage of requests without a sampling decision that are traced (PILOT_TRACE_SAMPLING).
        public var traceSampling: Double

        public init(domainSuffix: String = "cluster.local", proxyListenPort: Int = 15001, traceSampling: Double = TraceSampling.pilotDefault) {
            self.domainSuffix = domainSuffix
            self.proxyListenPort = proxyListenPort
            self.traceSampling = traceSampling
        }
    }

    public static func translate(
        services: [MeshService], config: IstioConfigSet, proxy: DiscoveryProxy, version: String, options: Options = .init()
    ) -> DiscoveryTranslation {
        var warnings: [String] = []
        let resolved = ResolvedConfig(config, domainSuffix: options.domainSuffix)
        let view = ProxyView(proxy: proxy, services: services)

        let inbound = InboundListeners.build(proxy: view, traceSampling: options.traceSampling, warnings: &warnings)
        let outbound = OutboundListeners.build(services: services, traceSampling: options.traceSampling, warnings: &warnings)
        let listeners = inbound + outbound.listeners + [OutboundListeners.virtualListener(port: options.proxyListenPort)]
        let routes = outbound.httpPorts.map {
            OutboundRouteConfiguration.build(port: $0, services: services, config: resolved, proxy: view, warnings: &warnings)
        }
        let clusters = Clusters.build(services: services, config: resolved, proxy: view, warnings: &warnings)
        let endpoints = Endpoints.build(clusters: clusters, services: services, config: resolved)
        return DiscoveryTranslation(
            snapshot: XDSSnapshot(version: version, listeners: listeners, routes: routes, clusters: clusters, endpoints: endpoints),
            warnings: warnings)
    }
}
