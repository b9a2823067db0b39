/// `buildSidecarOutboundHTTPRouteConfig` (httproute.go): the RDS route configuration named
/// after an HTTP listener port. Services with a VirtualService get its routes; the others a
/// default route; VirtualService hosts outside the registry get their own virtual hosts.
enum OutboundRouteConfiguration {
    struct VirtualHostGroup {
        var port: Int
        var services: [MeshService]
        var extraHosts: [String]
        var routes: [XDSRoute]
    }

    static func build(
        port listenPort: Int, services: [MeshService], config: ResolvedConfig, proxy: ProxyView, warnings: inout [String]
    ) -> XDSRouteConfiguration {
        // Pilot's nameToServiceMap: services that have this port, reduced to it.
        let onPort: [MeshService] = services.compactMap { service in
            guard let port = service.port(listenPort) else { return nil }
            var reduced = service
            reduced.ports = [port]
            return reduced
        }
        let registry = Dictionary(onPort.map { ($0.hostname, $0) }, uniquingKeysWith: { first, _ in first })

        var groups: [VirtualHostGroup] = []
        for virtualService in config.virtualServices {
            var extraHosts: [String] = []
            var matched: [MeshService] = []
            for host in virtualService.spec.hosts {
                let found = onPort.filter { HostMatching.matches($0.hostname, host) }
                if found.isEmpty { extraHosts.append(host) } else { matched += found }
            }
            let httpServices = matched.filter { $0.ports[0].serviceProtocol.isHTTP }
            // Pilot's "gross HACK": a VirtualService with no HTTP service here is filed under port 80.
            let groupPort = httpServices.isEmpty ? 80 : listenPort
            let routes = VirtualServiceRoutes.build(
                virtualService, registry: registry, listenPort: listenPort, proxyLabels: proxy.labels, warnings: &warnings)
            guard !routes.isEmpty else { continue }
            groups.append(VirtualHostGroup(port: groupPort, services: httpServices, extraHosts: extraHosts, routes: routes))
        }

        let covered = Set(groups.flatMap { $0.services.map(\.hostname) })
        for service in onPort where !covered.contains(service.hostname) && service.ports[0].serviceProtocol.isHTTP {
            groups.append(
                VirtualHostGroup(
                    port: listenPort, services: [service], extraHosts: [],
                    routes: [VirtualServiceRoutes.defaultRoute(host: service.hostname, port: listenPort)]))
        }

        var virtualHosts: [XDSVirtualHost] = []
        for group in groups where group.port == listenPort {
            for host in group.extraHosts {
                virtualHosts.append(
                    XDSVirtualHost(name: "\(host):\(group.port)", domains: [host, "\(host):\(group.port)"], routes: group.routes))
            }
            for service in group.services {
                virtualHosts.append(
                    XDSVirtualHost(
                        name: "\(service.hostname):\(group.port)",
                        domains: VirtualHostDomains.domains(hostname: service.hostname, port: group.port, proxyDomain: proxy.proxy.dnsDomain),
                        routes: group.routes))
            }
        }

        // Two VirtualServices for one host would give Envoy duplicate virtual hosts and it would
        // refuse the whole configuration; keep the oldest one's.
        var seen = Set<String>()
        virtualHosts = virtualHosts.filter { host in
            if seen.insert(host.name).inserted { return true }
            warnings.append("RouteConfiguration=\(listenPort) duplicate virtual host \(host.name): kept the oldest VirtualService's")
            return false
        }
        virtualHosts.sort { $0.name < $1.name }
        return XDSRouteConfiguration(name: String(listenPort), virtualHosts: virtualHosts, validateClusters: false)
    }
}
