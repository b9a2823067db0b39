/// A proxy with the service instances that run on its IP (Pilot's `GetProxyServiceInstances`:
/// instances whose address equals the proxy's).
struct ProxyView {
    var proxy: DiscoveryProxy
    var instances: [(service: MeshService, instance: MeshInstance)]

    init(proxy: DiscoveryProxy, services: [MeshService]) {
        self.proxy = proxy
        instances = services.flatMap { service in
            service.instances.filter { $0.address == proxy.ip }.map { (service, $0) }
        }
    }

    /// Pilot's proxyLabels: one label set per instance, for `sourceLabels` matches.
    var labels: [[String: String]] { instances.map(\.instance.labels) }
}
