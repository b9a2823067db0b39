/// Envoy v2 `Cluster`. Pilot's outbound clusters are EDS (`outbound|9080|v1|reviews.service.consul`,
/// endpoints from `XDSClusterLoadAssignment`); inbound clusters are STATIC with the app's
/// address in `hosts`; `BlackHoleCluster` is STATIC without hosts.
public struct XDSCluster: Codable, Sendable, Equatable {
    public enum DiscoveryType: String, Codable, Sendable {
        case eds = "EDS"
        case staticHosts = "STATIC"
        case originalDst = "ORIGINAL_DST"
    }

    public enum LoadBalancing: String, Codable, Sendable {
        case roundRobin = "ROUND_ROBIN"
        case leastRequest = "LEAST_REQUEST"
        case random = "RANDOM"
        case originalDstLB = "ORIGINAL_DST_LB"
        case ringHash = "RING_HASH"
    }

    public struct EDSConfig: Codable, Sendable, Equatable {
        public var serviceName: String

        public init(serviceName: String) { self.serviceName = serviceName }

        enum CodingKeys: String, CodingKey {
            case edsConfig = "eds_config"
            case serviceName = "service_name"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            serviceName = try container.decode(String.self, forKey: .serviceName)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(["ads": [String: String]()], forKey: .edsConfig)
            try container.encode(serviceName, forKey: .serviceName)
        }
    }

    public var name: String
    public var type: DiscoveryType
    public var edsClusterConfig: EDSConfig?
    public var connectTimeout: String
    public var lbPolicy: LoadBalancing
    public var hosts: [XDSAddress]?

    public init(
        name: String, type: DiscoveryType, edsClusterConfig: EDSConfig? = nil, connectTimeout: String = "1s",
        lbPolicy: LoadBalancing = .roundRobin, hosts: [XDSAddress]? = nil
    ) {
        self.name = name
        self.type = type
        self.edsClusterConfig = edsClusterConfig
        self.connectTimeout = connectTimeout
        self.lbPolicy = lbPolicy
        self.hosts = hosts
    }

    public static let blackHoleName = "BlackHoleCluster"
    public static let passthroughName = "PassthroughCluster"

    enum CodingKeys: String, CodingKey {
        case name, type, hosts
        case edsClusterConfig = "eds_cluster_config"
        case connectTimeout = "connect_timeout"
        case lbPolicy = "lb_policy"
    }
}

/// Envoy v2 `ClusterLoadAssignment`: the endpoints of one EDS cluster.
public struct XDSClusterLoadAssignment: Codable, Sendable, Equatable {
    public struct LocalityEndpoints: Codable, Sendable, Equatable {
        public var lbEndpoints: [LBEndpoint]

        public init(lbEndpoints: [LBEndpoint]) { self.lbEndpoints = lbEndpoints }

        enum CodingKeys: String, CodingKey { case lbEndpoints = "lb_endpoints" }
    }

    public struct LBEndpoint: Codable, Sendable, Equatable {
        public struct Endpoint: Codable, Sendable, Equatable {
            public var address: XDSAddress

            public init(address: XDSAddress) { self.address = address }
        }

        public var endpoint: Endpoint

        public init(address: XDSAddress) { endpoint = Endpoint(address: address) }
    }

    public var clusterName: String
    public var endpoints: [LocalityEndpoints]

    public init(clusterName: String, addresses: [XDSAddress]) {
        self.clusterName = clusterName
        endpoints = addresses.isEmpty ? [] : [LocalityEndpoints(lbEndpoints: addresses.map(LBEndpoint.init))]
    }

    /// Every endpoint address, in order.
    public var addresses: [XDSAddress] { endpoints.flatMap { $0.lbEndpoints.map(\.endpoint.address) } }

    enum CodingKeys: String, CodingKey {
        case clusterName = "cluster_name"
        case endpoints
    }
}
