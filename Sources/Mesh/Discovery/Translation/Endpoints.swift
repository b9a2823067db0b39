/// EDS answers: for each EDS cluster, the instances of its service on its port, narrowed to
/// the subset's labels, in registration order.
enum Endpoints {
    static func build(clusters: [XDSCluster], services: [MeshService], config: ResolvedConfig) -> [XDSClusterLoadAssignment] {
        let byHost = Dictionary(services.map { ($0.hostname, $0) }, uniquingKeysWith: { first, _ in first })
        return clusters.compactMap { cluster in
            guard cluster.type == .eds, let key = ClusterName.parse(cluster.name), key.direction == "outbound" else { return nil }
            let service = byHost[key.host]
            var selector: [String: String]?
            if !key.subset.isEmpty {
                selector = config.destinationRule(for: key.host)?.subsets?.first { $0.name == key.subset }?.labels ?? [:]
            }
            let addresses = (service?.instances ?? [])
                .filter { $0.servicePort.port == key.port && $0.matches(selector) }
                .map { XDSAddress(address: $0.address, port: $0.servicePort.port) }
            return XDSClusterLoadAssignment(clusterName: cluster.name, addresses: addresses)
        }
    }
}
