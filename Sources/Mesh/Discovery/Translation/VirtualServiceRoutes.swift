/// `BuildHTTPRoutesForVirtualService` / `translateRoute` (route.go) for sidecars: a
/// VirtualService's http rules, in order, as Envoy routes on one listener port.
enum VirtualServiceRoutes {
    /// Stops after a rule without match blocks or after a catch-all route. `registry` holds the
    /// services that have `listenPort`, each reduced to that port (as Pilot's nameToServiceMap).
    static func build(
        _ virtualService: IstioConfigEntry<VirtualService>, registry: [String: MeshService], listenPort: Int,
        proxyLabels: [[String: String]], warnings: inout [String]
    ) -> [XDSRoute] {
        var out: [XDSRoute] = []
        for rule in virtualService.spec.http ?? [] {
            guard let matches = rule.match, !matches.isEmpty else {
                if let route = translate(
                    rule, match: nil, virtualService: virtualService, registry: registry, listenPort: listenPort,
                    proxyLabels: proxyLabels, warnings: &warnings)
                {
                    out.append(route)
                }
                return out
            }
            for match in matches {
                guard
                    let route = translate(
                        rule, match: match, virtualService: virtualService, registry: registry, listenPort: listenPort,
                        proxyLabels: proxyLabels, warnings: &warnings)
                else { continue }
                out.append(route)
                if RouteMatchTranslation.isCatchAll(route.match) { return out }
            }
        }
        return out
    }

    static func translate(
        _ rule: VirtualService.HTTPRoute, match: VirtualService.HTTPMatchRequest?, virtualService: IstioConfigEntry<VirtualService>,
        registry: [String: MeshService], listenPort: Int, proxyLabels: [[String: String]], warnings: inout [String]
    ) -> XDSRoute? {
        // sourceLabels: the rule applies only to proxies whose instance labels include them.
        if let sourceLabels = match?.sourceLabels, !sourceMatches(sourceLabels, proxyLabels) { return nil }
        if let port = match?.port, port != 0, port != listenPort { return nil }

        var action = XDSRouteAction(timeout: "0s", retryPolicy: RetryPolicyTranslation.translate(rule.retries, warnings: &warnings))
        if let timeout = rule.timeout {
            if let milliseconds = GoDuration.milliseconds(timeout) {
                action.timeout = XDSDuration.text(milliseconds: milliseconds)
            } else {
                warnings.append("VirtualService \(virtualService.name): timeout '\(timeout)' is not a duration; no timeout")
            }
        }

        let destinations = rule.route ?? []
        var weighted: [XDSRouteAction.WeightedCluster] = []
        for destination in destinations {
            var weight = destination.weight ?? 0
            if weight == 0 {
                // A lone destination takes everything; a zero weight among several is dropped.
                guard destinations.count == 1 else { continue }
                weight = 100
            }
            let cluster = destinationCluster(
                destination.destination, service: registry[destination.destination.host], listenPort: listenPort)
            weighted.append(XDSRouteAction.WeightedCluster(name: cluster, weight: weight))
        }
        if weighted.count == 1 {
            action.cluster = weighted[0].name
        } else {
            action.weightedClusters = XDSRouteAction.WeightedClusters(clusters: weighted)
        }

        let routeMatch = RouteMatchTranslation.translate(match)
        return XDSRoute(
            match: routeMatch, route: action,
            decorator: .init(operation: operation(match: routeMatch, cluster: action.cluster, name: virtualService.name, port: listenPort)),
            fault: FaultTranslation.translate(rule.fault, warnings: &warnings))
    }

    /// `GetDestinationCluster`: an explicit port number, else the service's only port, else the
    /// listener port; a port given by name goes to the black hole.
    static func destinationCluster(_ destination: VirtualService.Destination, service: MeshService?, listenPort: Int) -> String {
        var port = listenPort
        if let selector = destination.port {
            guard let number = selector.number else { return XDSCluster.blackHoleName }
            port = number
        } else if let service, service.ports.count == 1 {
            port = service.ports[0].port
        }
        return ClusterName.outbound(port: port, subset: destination.subset ?? "", host: destination.host)
    }

    /// `getRouteOperation`: `host:port<path>` for a single cluster, else `<vs name>:port<path>`.
    static func operation(match: XDSRouteMatch, cluster: String?, name: String, port: Int) -> String {
        var path = "/*"
        if let prefix = match.prefix {
            path = "\(prefix)*"
        } else if let exact = match.path {
            path = exact
        } else if let regex = match.regex {
            path = regex
        }
        if let cluster, let key = ClusterName.parse(cluster) { return "\(key.host):\(key.port)\(path)" }
        return "\(name):\(port)\(path)"
    }

    /// `LabelsCollection.IsSupersetOf`: some instance of the proxy carries every source label;
    /// a proxy without instances matches only an empty selector.
    static func sourceMatches(_ selector: [String: String], _ proxyLabels: [[String: String]]) -> Bool {
        if proxyLabels.isEmpty { return selector.isEmpty }
        return proxyLabels.contains { labels in selector.allSatisfy { labels[$0.key] == $0.value } }
    }

    /// `BuildDefaultHTTPOutboundRoute`: everything to the service's default cluster, no timeout,
    /// Istio's default retries.
    static func defaultRoute(host: String, port: Int) -> XDSRoute {
        XDSRoute(
            match: XDSRouteMatch(prefix: "/"),
            route: XDSRouteAction(cluster: ClusterName.outbound(port: port, host: host), timeout: "0s", retryPolicy: .istioDefault),
            decorator: .init(operation: "\(host):\(port)/*"))
    }
}
