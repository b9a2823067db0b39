/// The four xDS resource types a sidecar asks for, with Envoy v2's type URLs.
public enum XDSResourceType: String, Sendable, CaseIterable {
    case clusters = "type.googleapis.com/envoy.api.v2.Cluster"
    case endpoints = "type.googleapis.com/envoy.api.v2.ClusterLoadAssignment"
    case listeners = "type.googleapis.com/envoy.api.v2.Listener"
    case routes = "type.googleapis.com/envoy.api.v2.RouteConfiguration"

    /// Envoy's REST-JSON path for the type: `POST /v2/discovery:clusters` and so on.
    public var restPath: String {
        switch self {
        case .clusters: "/v2/discovery:clusters"
        case .endpoints: "/v2/discovery:endpoints"
        case .listeners: "/v2/discovery:listeners"
        case .routes: "/v2/discovery:routes"
        }
    }
}

/// Envoy's `core.Node` as a sidecar introduces itself; Istio ids read
/// `sidecar~<ip>~<pod>.<namespace>~<domain>` (`sidecar~127.1.0.3~reviews-v1.default~service.consul`).
public struct XDSNode: Codable, Sendable, Equatable {
    public var id: String
    public var cluster: String

    public init(id: String, cluster: String) {
        self.id = id
        self.cluster = cluster
    }

    public init(ip: String, name: String, cluster: String) {
        self.init(id: "sidecar~\(ip)~\(name).default~service.consul", cluster: cluster)
    }

    /// The proxy's IP from an Istio node id, or nil when the id is not one.
    public var ip: String? {
        let parts = id.split(separator: "~", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "sidecar", !parts[1].isEmpty else { return nil }
        return String(parts[1])
    }
}

/// Envoy's v2 `DiscoveryRequest` (REST-JSON form). A request whose `version_info` is the
/// current version is held until the configuration changes (long poll): that is how the control
/// plane pushes.
public struct XDSDiscoveryRequest: Codable, Sendable, Equatable {
    public var versionInfo: String
    public var node: XDSNode
    public var resourceNames: [String]
    public var typeURL: String

    public init(versionInfo: String, node: XDSNode, resourceNames: [String] = [], type: XDSResourceType) {
        self.versionInfo = versionInfo
        self.node = node
        self.resourceNames = resourceNames
        typeURL = type.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case versionInfo = "version_info"
        case node
        case resourceNames = "resource_names"
        case typeURL = "type_url"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        versionInfo = try container.decodeIfPresent(String.self, forKey: .versionInfo) ?? ""
        node = try container.decode(XDSNode.self, forKey: .node)
        resourceNames = try container.decodeIfPresent([String].self, forKey: .resourceNames) ?? []
        typeURL = try container.decodeIfPresent(String.self, forKey: .typeURL) ?? ""
    }
}

/// Envoy's v2 `DiscoveryResponse` for one resource type; each resource carries its `@type`.
public struct XDSDiscoveryResponse<Resource: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var versionInfo: String
    public var resources: [XDSTyped<Resource>]
    public var typeURL: String
    public var nonce: String

    public init(versionInfo: String, resources: [Resource], type: XDSResourceType, nonce: String) {
        self.versionInfo = versionInfo
        self.resources = resources.map { XDSTyped(typeURL: type.rawValue, value: $0) }
        typeURL = type.rawValue
        self.nonce = nonce
    }

    enum CodingKeys: String, CodingKey {
        case versionInfo = "version_info"
        case resources
        case typeURL = "type_url"
        case nonce
    }
}

/// A resource with its `@type` key beside its own fields, as protobuf's JSON `Any` is written.
public struct XDSTyped<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    public var typeURL: String
    public var value: Value

    public init(typeURL: String, value: Value) {
        self.typeURL = typeURL
        self.value = value
    }

    enum CodingKeys: String, CodingKey { case type = "@type" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        typeURL = try container.decode(String.self, forKey: .type)
        value = try Value(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try value.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(typeURL, forKey: .type)
    }
}

/// Everything one sidecar is configured with at one version: what the control plane computes
/// per proxy and what the sidecar runs and dumps.
public struct XDSSnapshot: Sendable, Equatable {
    public var version: String
    public var listeners: [XDSListener]
    public var routes: [XDSRouteConfiguration]
    public var clusters: [XDSCluster]
    public var endpoints: [XDSClusterLoadAssignment]

    public init(
        version: String, listeners: [XDSListener], routes: [XDSRouteConfiguration], clusters: [XDSCluster],
        endpoints: [XDSClusterLoadAssignment]
    ) {
        self.version = version
        self.listeners = listeners
        self.routes = routes
        self.clusters = clusters
        self.endpoints = endpoints
    }
}
