/// `buildSidecarInboundListeners` (listener.go): one listener per instance running on the
/// proxy's IP, named `<ip>_<port>`; HTTP with an inline route to the inbound cluster, TCP
/// with a tcp_proxy to it.
enum InboundListeners {
    static func build(proxy: ProxyView, traceSampling: Double, warnings: inout [String]) -> [XDSListener] {
        var listeners: [XDSListener] = []
        var seen = Set<String>()
        for (service, instance) in proxy.instances {
            let port = instance.servicePort
            guard port.serviceProtocol.isHTTP || port.serviceProtocol.isTCP else { continue }
            let key = "\(instance.address):\(port.port)"
            guard seen.insert(key).inserted else {
                warnings.append("Conflicting inbound listener:\(key). existing service elsewhere, incoming: \(service.hostname)")
                continue
            }
            let name = "\(instance.address)_\(port.port)"
            let cluster = ClusterName.inbound(port: port.port, portName: port.name, host: service.hostname)
            let filter: XDSNetworkFilter
            if port.serviceProtocol.isHTTP {
                filter = .httpConnectionManager(
                    XDSHTTPConnectionManager(
                        statPrefix: name, routeConfig: routeConfiguration(cluster: cluster, host: service.hostname, port: port.port),
                        tracing: .init(operationName: .ingress, randomSampling: traceSampling)))
            } else {
                filter = .tcpProxy(XDSTCPProxy(statPrefix: cluster, cluster: cluster))
            }
            listeners.append(
                XDSListener(name: name, address: XDSAddress(address: instance.address, port: port.port), filterChains: [XDSFilterChain(filters: [filter])]))
        }
        return listeners
    }

    /// `buildSidecarInboundHTTPRouteConfig`: named after the cluster, one `*` virtual host
    /// `inbound|http|<port>`, no timeout, no retries.
    static func routeConfiguration(cluster: String, host: String, port: Int) -> XDSRouteConfiguration {
        XDSRouteConfiguration(
            name: cluster,
            virtualHosts: [
                XDSVirtualHost(
                    name: "inbound|http|\(port)", domains: ["*"],
                    routes: [
                        XDSRoute(
                            match: XDSRouteMatch(prefix: "/"), route: XDSRouteAction(cluster: cluster, timeout: "0s"),
                            decorator: .init(operation: "\(host):\(port)/*"))
                    ])
            ],
            validateClusters: false)
    }
}
