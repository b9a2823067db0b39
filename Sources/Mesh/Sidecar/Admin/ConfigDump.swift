import Foundation

/// Envoy 1.10's `/config_dump` document (envoy.admin.v2alpha): bootstrap, clusters,
/// listeners and routes, each dynamic resource with the version it came in and when.
struct ConfigDump: Encodable {
    let configs: [Entry]

    enum Entry: Encodable {
        case bootstrap(BootstrapDump)
        case clusters(ClustersDump)
        case listeners(ListenersDump)
        case routes(RoutesDump)

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .bootstrap(let dump): try dump.encode(to: encoder)
            case .clusters(let dump): try dump.encode(to: encoder)
            case .listeners(let dump): try dump.encode(to: encoder)
            case .routes(let dump): try dump.encode(to: encoder)
            }
        }
    }

    struct Bootstrap: Encodable {
        struct Admin: Encodable {
            let address: XDSAddress
        }

        struct StaticResources: Encodable {
            let clusters: [XDSCluster]
        }

        struct DynamicResources: Encodable {
            let ldsConfig = ["ads": [String: String]()]
            let cdsConfig = ["ads": [String: String]()]
            let adsConfig: [String: String] = ["api_type": "REST", "cluster_names": "xds-grpc"]

            enum CodingKeys: String, CodingKey {
                case ldsConfig = "lds_config"
                case cdsConfig = "cds_config"
                case adsConfig = "ads_config"
            }
        }

        let node: XDSNode
        let staticResources: StaticResources
        let dynamicResources = DynamicResources()
        let admin: Admin

        enum CodingKeys: String, CodingKey {
            case node, admin
            case staticResources = "static_resources"
            case dynamicResources = "dynamic_resources"
        }
    }

    struct BootstrapDump: Encodable {
        let type = "type.googleapis.com/envoy.admin.v2alpha.BootstrapConfigDump"
        let bootstrap: Bootstrap
        let lastUpdated: String

        enum CodingKeys: String, CodingKey {
            case type = "@type"
            case bootstrap
            case lastUpdated = "last_updated"
        }
    }

    struct StaticCluster: Encodable {
        let cluster: XDSCluster
        let lastUpdated: String

        enum CodingKeys: String, CodingKey {
            case cluster
            case lastUpdated = "last_updated"
        }
    }

    struct DynamicCluster: Encodable {
        let versionInfo: String
        let cluster: XDSCluster
        let lastUpdated: String

        enum CodingKeys: String, CodingKey {
            case versionInfo = "version_info"
            case cluster
            case lastUpdated = "last_updated"
        }
    }

    struct ClustersDump: Encodable {
        let type = "type.googleapis.com/envoy.admin.v2alpha.ClustersConfigDump"
        let versionInfo: String
        let staticClusters: [StaticCluster]
        let dynamicActiveClusters: [DynamicCluster]

        enum CodingKeys: String, CodingKey {
            case type = "@type"
            case versionInfo = "version_info"
            case staticClusters = "static_clusters"
            case dynamicActiveClusters = "dynamic_active_clusters"
        }
    }

    struct DynamicListener: Encodable {
        let versionInfo: String
        let listener: XDSListener
        let lastUpdated: String

        enum CodingKeys: String, CodingKey {
            case versionInfo = "version_info"
            case listener
            case lastUpdated = "last_updated"
        }
    }

    struct ListenersDump: Encodable {
        let type = "type.googleapis.com/envoy.admin.v2alpha.ListenersConfigDump"
        let versionInfo: String
        let staticListeners: [XDSListener] = []
        let dynamicActiveListeners: [DynamicListener]

        enum CodingKeys: String, CodingKey {
            case type = "@type"
            case versionInfo = "version_info"
            case staticListeners = "static_listeners"
            case dynamicActiveListeners = "dynamic_active_listeners"
        }
    }

    struct DynamicRoute: Encodable {
        let versionInfo: String
        let routeConfig: XDSRouteConfiguration
        let lastUpdated: String

        enum CodingKeys: String, CodingKey {
            case versionInfo = "version_info"
            case routeConfig = "route_config"
            case lastUpdated = "last_updated"
        }
    }

    struct RoutesDump: Encodable {
        let type = "type.googleapis.com/envoy.admin.v2alpha.RoutesConfigDump"
        let staticRouteConfigs: [XDSRouteConfiguration] = []
        let dynamicRouteConfigs: [DynamicRoute]

        enum CodingKeys: String, CodingKey {
            case type = "@type"
            case staticRouteConfigs = "static_route_configs"
            case dynamicRouteConfigs = "dynamic_route_configs"
        }
    }
}
