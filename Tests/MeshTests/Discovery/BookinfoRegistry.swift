import Mesh

/// Bookinfo as the seed's registrator put it into Consul: one instance per pod, registered in
/// the order docker-compose started them (details first), each on its own pod IP.
enum BookinfoRegistry {
    struct Pod {
        var service: String
        var version: String
        var ip: String
    }

    static let subnet = "127.150.7"

    static let pods: [Pod] = [
        Pod(service: "details", version: "v1", ip: "\(subnet).2"),
        Pod(service: "ratings", version: "v1", ip: "\(subnet).3"),
        Pod(service: "reviews", version: "v1", ip: "\(subnet).4"),
        Pod(service: "reviews", version: "v2", ip: "\(subnet).5"),
        Pod(service: "reviews", version: "v3", ip: "\(subnet).6"),
        Pod(service: "productpage", version: "v1", ip: "\(subnet).7"),
    ]

    static func ip(_ service: String, _ version: String = "v1") -> String {
        pods.first { $0.service == service && $0.version == version }?.ip ?? "?"
    }

    /// What `GET /v1/catalog/service/:name` answers for each service; `protocol: nil` drops
    /// ServiceMeta as registrator `latest` did.
    static func catalog(protocol serviceProtocol: String? = "http") -> [String: [ConsulCatalogService]] {
        var catalog: [String: [ConsulCatalogService]] = [:]
        for (offset, pod) in pods.enumerated() {
            catalog[pod.service, default: []].append(
                entry(
                    pod.service, id: "shakedown:\(pod.service)-\(pod.version):9080", tags: ["version|\(pod.version)"], address: pod.ip,
                    port: 9080, meta: serviceProtocol.map { ["protocol": $0] } ?? [:], index: 10 + offset))
        }
        return catalog
    }

    static func services(protocol serviceProtocol: String? = "http") -> [MeshService] {
        ConsulServiceConversion.services(from: catalog(protocol: serviceProtocol)).services
    }

    static func entry(
        _ name: String, id: String, tags: [String] = [], address: String, port: Int, meta: [String: String] = [:], index: Int
    ) -> ConsulCatalogService {
        ConsulCatalogService(
            id: "node-1", node: "shakedown", address: "127.0.0.1", datacenter: "dc1", serviceID: id, serviceName: name,
            serviceTags: tags, serviceAddress: address, serviceMeta: meta, servicePort: port, createIndex: index, modifyIndex: index)
    }

    /// The proxy of a pod, as its sidecar introduces itself.
    static func proxy(_ service: String, _ version: String = "v1") -> DiscoveryProxy {
        let ip = ip(service, version)
        return DiscoveryProxy(id: "sidecar~\(ip)~\(service)-\(version).default~service.consul", ip: ip)
    }

    static func translate(
        protocol serviceProtocol: String? = "http", config: IstioConfigSet = IstioConfigSet(), proxy: DiscoveryProxy = proxy("productpage")
    ) -> DiscoveryTranslation {
        DiscoveryTranslator.translate(services: services(protocol: serviceProtocol), config: config, proxy: proxy, version: "7")
    }

    /// Istio's Consul samples (samples/bookinfo/platform/consul), hosts spelled in full.
    static let destinationRules = """
        apiVersion: networking.istio.io/v1alpha3
        kind: DestinationRule
        metadata:
          name: productpage
        spec:
          host: productpage.service.consul
          subsets:
          - name: v1
            labels:
              version: v1
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: DestinationRule
        metadata:
          name: reviews
        spec:
          host: reviews.service.consul
          subsets:
          - name: v1
            labels:
              version: v1
          - name: v2
            labels:
              version: v2
          - name: v3
            labels:
              version: v3
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: DestinationRule
        metadata:
          name: ratings
        spec:
          host: ratings.service.consul
          subsets:
          - name: v1
            labels:
              version: v1
        ---
        apiVersion: networking.istio.io/v1alpha3
        kind: DestinationRule
        metadata:
          name: details
        spec:
          host: details.service.consul
          subsets:
          - name: v1
            labels:
              version: v1
          - name: v2
            labels:
              version: v2
        ---
        """

    static let reviewsTestV2 = """
        apiVersion: networking.istio.io/v1alpha3
        kind: VirtualService
        metadata:
          name: reviews
        spec:
          hosts:
            - reviews.service.consul
          http:
          - match:
            - headers:
                end-user:
                  exact: jason
            route:
            - destination:
                host: reviews.service.consul
                subset: v2
          - route:
            - destination:
                host: reviews.service.consul
                subset: v1
        """

    static func config(_ yaml: String...) throws -> IstioConfigSet {
        try IstioConfigFile.parse(yaml.joined(separator: "\n---\n"))
    }
}
