/// `BuildClusters` (cluster.go) for a sidecar: per service port an EDS cluster plus one per
/// DestinationRule subset, the inbound clusters of the proxy's own instances, then
/// BlackHoleCluster and PassthroughCluster.
enum Clusters {
    /// The app listens on its pod IP at service port + this (the contract's convention).
    static let appPortOffset = 10000

    static func build(services: [MeshService], config: ResolvedConfig, proxy: ProxyView, warnings: inout [String]) -> [XDSCluster] {
        var clusters: [XDSCluster] = []
        for service in services {
            let rule = config.destinationRule(for: service.hostname)
            for port in service.ports where port.serviceProtocol != .udp {
                clusters.append(
                    outbound(
                        ClusterName.outbound(port: port.port, host: service.hostname), loadBalancer: rule?.trafficPolicy?.loadBalancer,
                        warnings: &warnings))
                for subset in rule?.subsets ?? [] {
                    clusters.append(
                        outbound(
                            ClusterName.outbound(port: port.port, subset: subset.name, host: service.hostname),
                            loadBalancer: subset.trafficPolicy?.loadBalancer ?? rule?.trafficPolicy?.loadBalancer, warnings: &warnings))
                }
            }
        }
        var inbound = Set<String>()
        for (service, instance) in proxy.instances where instance.servicePort.serviceProtocol != .udp {
            let port = instance.servicePort
            let name = ClusterName.inbound(port: port.port, portName: port.name, host: service.hostname)
            guard inbound.insert(name).inserted else { continue }
            clusters.append(
                XDSCluster(name: name, type: .staticHosts, hosts: [XDSAddress(address: instance.address, port: port.port + appPortOffset)]))
        }
        clusters.append(XDSCluster(name: XDSCluster.blackHoleName, type: .staticHosts, hosts: []))
        clusters.append(XDSCluster(name: XDSCluster.passthroughName, type: .originalDst, lbPolicy: .originalDstLB))
        return clusters
    }

    /// `applyLoadBalancer`: LEAST_CONN is Envoy's LEAST_REQUEST; PASSTHROUGH turns the cluster
    /// into an ORIGINAL_DST one.
    static func outbound(_ name: String, loadBalancer: DestinationRule.LoadBalancerSettings?, warnings: inout [String]) -> XDSCluster {
        var cluster = XDSCluster(name: name, type: .eds, edsClusterConfig: .init(serviceName: name))
        switch loadBalancer?.simple?.uppercased() {
        case nil, "ROUND_ROBIN": break
        case "LEAST_CONN": cluster.lbPolicy = .leastRequest
        case "RANDOM": cluster.lbPolicy = .random
        case "PASSTHROUGH":
            cluster.type = .originalDst
            cluster.lbPolicy = .originalDstLB
            cluster.edsClusterConfig = nil
        case let other?:
            warnings.append("cluster \(name): unknown loadBalancer.simple '\(other)'; ROUND_ROBIN used")
        }
        return cluster
    }
}
