/// Envoy v2 `Listener` as Pilot 1.1 sends it and `/config_dump` prints it (snake_case JSON).
public struct XDSListener: Codable, Sendable, Equatable {
    public var name: String
    public var address: XDSAddress
    public var filterChains: [XDSFilterChain]
    /// Only the 15001 `virtual` listener sets it (iptables-captured traffic).
    public var useOriginalDst: Bool?

    public init(name: String, address: XDSAddress, filterChains: [XDSFilterChain], useOriginalDst: Bool? = nil) {
        self.name = name
        self.address = address
        self.filterChains = filterChains
        self.useOriginalDst = useOriginalDst
    }

    enum CodingKeys: String, CodingKey {
        case name, address
        case filterChains = "filter_chains"
        case useOriginalDst = "use_original_dst"
    }
}

public struct XDSFilterChain: Codable, Sendable, Equatable {
    public var filters: [XDSNetworkFilter]

    public init(filters: [XDSNetworkFilter]) { self.filters = filters }
}

/// The two network filters Pilot 1.1 puts on sidecar listeners. Encoded as Envoy's
/// `{"name": "envoy.tcp_proxy", "typed_config": {"@type": "...TcpProxy", ...}}`.
public enum XDSNetworkFilter: Codable, Sendable, Equatable {
    case httpConnectionManager(XDSHTTPConnectionManager)
    case tcpProxy(XDSTCPProxy)

    public static let httpConnectionManagerName = "envoy.http_connection_manager"
    public static let tcpProxyName = "envoy.tcp_proxy"

    enum CodingKeys: String, CodingKey {
        case name
        case typedConfig = "typed_config"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .name)
        switch name {
        case Self.httpConnectionManagerName:
            self = .httpConnectionManager(try container.decode(XDSHTTPConnectionManager.self, forKey: .typedConfig))
        case Self.tcpProxyName:
            self = .tcpProxy(try container.decode(XDSTCPProxy.self, forKey: .typedConfig))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .name, in: container, debugDescription: "unsupported network filter '\(name)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .httpConnectionManager(let manager):
            try container.encode(Self.httpConnectionManagerName, forKey: .name)
            try container.encode(manager, forKey: .typedConfig)
        case .tcpProxy(let proxy):
            try container.encode(Self.tcpProxyName, forKey: .name)
            try container.encode(proxy, forKey: .typedConfig)
        }
    }
}

/// `envoy.tcp_proxy`: every byte of a connection goes to one cluster.
public struct XDSTCPProxy: Codable, Sendable, Equatable {
    public static let typeURL = "type.googleapis.com/envoy.config.filter.network.tcp_proxy.v2.TcpProxy"
    public var statPrefix: String
    public var cluster: String

    public init(statPrefix: String, cluster: String) {
        self.statPrefix = statPrefix
        self.cluster = cluster
    }

    enum CodingKeys: String, CodingKey {
        case type = "@type"
        case statPrefix = "stat_prefix"
        case cluster
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        statPrefix = try container.decode(String.self, forKey: .statPrefix)
        cluster = try container.decode(String.self, forKey: .cluster)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.typeURL, forKey: .type)
        try container.encode(statPrefix, forKey: .statPrefix)
        try container.encode(cluster, forKey: .cluster)
    }
}

/// `envoy.http_connection_manager`: requests routed by a route configuration, either fetched by
/// name over RDS (outbound listeners: the port number, "9080") or inline (inbound listeners).
public struct XDSHTTPConnectionManager: Codable, Sendable, Equatable {
    public static let typeURL =
        "type.googleapis.com/envoy.config.filter.network.http_connection_manager.v2.HttpConnectionManager"

    public struct RDS: Codable, Sendable, Equatable {
        public var routeConfigName: String

        public init(routeConfigName: String) { self.routeConfigName = routeConfigName }

        enum CodingKeys: String, CodingKey {
            case configSource = "config_source"
            case routeConfigName = "route_config_name"
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            routeConfigName = try container.decode(String.self, forKey: .routeConfigName)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(["ads": [String: String]()], forKey: .configSource)
            try container.encode(routeConfigName, forKey: .routeConfigName)
        }
    }

    /// Which side of the sidecar the span is on: EGRESS for outbound, INGRESS for inbound.
    public enum Direction: String, Codable, Sendable {
        case ingress = "INGRESS"
        case egress = "EGRESS"
    }

    /// The HCM's tracing settings as Pilot 1.1 writes them: client and overall sampling at
    /// 100 %, random sampling from PILOT_TRACE_SAMPLING. Percentages are `envoy.type.Percent`.
    public struct Tracing: Codable, Sendable, Equatable {
        public struct Percent: Codable, Sendable, Equatable {
            public var value: Double
            public init(_ value: Double) { self.value = value }
        }

        public var operationName: Direction
        public var clientSampling: Percent?
        public var randomSampling: Percent?
        public var overallSampling: Percent?

        public init(operationName: Direction, randomSampling: Double? = nil) {
            self.operationName = operationName
            if let randomSampling {
                clientSampling = Percent(100)
                self.randomSampling = Percent(randomSampling)
                overallSampling = Percent(100)
            }
        }

        enum CodingKeys: String, CodingKey {
            case operationName = "operation_name"
            case clientSampling = "client_sampling"
            case randomSampling = "random_sampling"
            case overallSampling = "overall_sampling"
        }
    }

    public struct HTTPFilter: Codable, Sendable, Equatable {
        public var name: String

        public init(name: String) { self.name = name }
    }

    public var statPrefix: String
    public var rds: RDS?
    public var routeConfig: XDSRouteConfiguration?
    public var httpFilters: [HTTPFilter]
    public var tracing: Tracing?
    public var generateRequestID: Bool

    public init(
        statPrefix: String, rds: RDS? = nil, routeConfig: XDSRouteConfiguration? = nil,
        httpFilters: [HTTPFilter] = [.init(name: "envoy.fault"), .init(name: "envoy.router")],
        tracing: Tracing?, generateRequestID: Bool = true
    ) {
        self.statPrefix = statPrefix
        self.rds = rds
        self.routeConfig = routeConfig
        self.httpFilters = httpFilters
        self.tracing = tracing
        self.generateRequestID = generateRequestID
    }

    enum CodingKeys: String, CodingKey {
        case type = "@type"
        case statPrefix = "stat_prefix"
        case rds
        case routeConfig = "route_config"
        case httpFilters = "http_filters"
        case tracing
        case generateRequestID = "generate_request_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        statPrefix = try container.decode(String.self, forKey: .statPrefix)
        rds = try container.decodeIfPresent(RDS.self, forKey: .rds)
        routeConfig = try container.decodeIfPresent(XDSRouteConfiguration.self, forKey: .routeConfig)
        httpFilters = try container.decodeIfPresent([HTTPFilter].self, forKey: .httpFilters) ?? []
        tracing = try container.decodeIfPresent(Tracing.self, forKey: .tracing)
        generateRequestID = try container.decodeIfPresent(Bool.self, forKey: .generateRequestID) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.typeURL, forKey: .type)
        try container.encode(statPrefix, forKey: .statPrefix)
        try container.encodeIfPresent(rds, forKey: .rds)
        try container.encodeIfPresent(routeConfig, forKey: .routeConfig)
        try container.encode(httpFilters, forKey: .httpFilters)
        try container.encodeIfPresent(tracing, forKey: .tracing)
        try container.encode(generateRequestID, forKey: .generateRequestID)
    }
}
