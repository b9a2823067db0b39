import Foundation

/// A listener as the data path runs it: an HTTP connection manager or a tcp_proxy.
public struct ListenerRuntime: Sendable {
    public enum Filter: Sendable {
        case http(HTTPManager)
        case tcp(cluster: String, statPrefix: String)
    }

    /// Where an HTTP connection manager takes its routes from.
    public enum RouteSource: Sendable {
        /// RDS, by name (outbound listeners: the port, "9080"), looked up per request so a
        /// route update reaches live connections.
        case rds(String)
        case inline(RouteTable)
    }

    public struct HTTPManager: Sendable {
        public let routes: RouteSource
        public let direction: XDSHTTPConnectionManager.Direction
        /// Percentages of Envoy's `tracing`: requests without the caller's decision are traced
        /// when a draw falls under `randomSampling`, and then under `overallSampling`.
        public let randomSampling: Double
        public let overallSampling: Double
        public let generateRequestID: Bool
        public let stats: HTTPManagerStats
    }

    public let name: String
    public let host: String
    public let port: Int
    public let filter: Filter
    public let source: XDSListener
    /// `listener.<address>.downstream_cx_total`.
    public let connectionsTotal: StatCounter

    /// 0.0.0.0 listeners are reached only through the 15001 entry (Istio's bind_to_port=false).
    public var isVirtual: Bool { host == "0.0.0.0" }
}

/// Everything the data path needs from one `XDSSnapshot`, compiled once: listeners by name
/// and port, route tables with their regexes, clusters with endpoints and balancers.
/// Immutable; a new version replaces it as a whole.
public final class SidecarConfig: Sendable {
    public let snapshot: XDSSnapshot
    public let appliedAt: Date
    public let listeners: [ListenerRuntime]
    public let routeTables: [String: RouteTable]
    public let clusters: [String: ClusterRuntime]
    private let byName: [String: ListenerRuntime]
    private let virtualByPort: [Int: ListenerRuntime]
    private let boundByPort: [Int: ListenerRuntime]

    public init(snapshot: XDSSnapshot, previous: SidecarConfig?, stats: SidecarStats, now: Date = Date()) throws {
        self.snapshot = snapshot
        appliedAt = now
        var tables: [String: RouteTable] = [:]
        for config in snapshot.routes { tables[config.name] = try RouteTable(config) }
        routeTables = tables
        let assignments = Dictionary(snapshot.endpoints.map { ($0.clusterName, $0) }, uniquingKeysWith: { first, _ in first })
        var clusters: [String: ClusterRuntime] = [:]
        for cluster in snapshot.clusters {
            let edsName = cluster.edsClusterConfig?.serviceName ?? cluster.name
            clusters[cluster.name] = try ClusterRuntime(
                cluster, assignment: assignments[edsName] ?? assignments[cluster.name],
                balancer: previous?.clusters[cluster.name]?.balancer ?? LoadBalancer(), stats: stats)
        }
        self.clusters = clusters
        listeners = try snapshot.listeners.map { try Self.compile($0, stats: stats) }
        byName = Dictionary(listeners.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        // The first listener on a port wins, as Pilot's listener map keeps the first.
        virtualByPort = Dictionary(listeners.filter(\.isVirtual).map { ($0.port, $0) }, uniquingKeysWith: { first, _ in first })
        boundByPort = Dictionary(listeners.filter { !$0.isVirtual }.map { ($0.port, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var version: String { snapshot.version }

    public func listener(named name: String) -> ListenerRuntime? { byName[name] }

    /// The outbound listener `0.0.0.0_<port>` the 15001 entry hands a connection to.
    public func virtualListener(port: Int) -> ListenerRuntime? { virtualByPort[port] }

    /// The inbound (pod-address) listener on a port: what `--publish ...=9080` feeds.
    public func inboundListener(port: Int) -> ListenerRuntime? { boundByPort[port] }

    /// Listeners the sidecar must bind for real.
    public var boundListeners: [ListenerRuntime] { listeners.filter { !$0.isVirtual } }

    private static func compile(_ listener: XDSListener, stats: SidecarStats) throws -> ListenerRuntime {
        let address = listener.address.socketAddress
        let filter: ListenerRuntime.Filter
        switch listener.filterChains.first?.filters.first {
        case .tcpProxy(let proxy):
            filter = .tcp(cluster: proxy.cluster, statPrefix: proxy.statPrefix)
        case .httpConnectionManager(let manager):
            let routes: ListenerRuntime.RouteSource =
                if let inline = manager.routeConfig { .inline(try RouteTable(inline)) } else { .rds(manager.rds?.routeConfigName ?? "") }
            filter = .http(.init(
                routes: routes, direction: manager.tracing?.operationName ?? (address.address == "0.0.0.0" ? .egress : .ingress),
                // Envoy's defaults for an unset percentage are 100 %.
                randomSampling: manager.tracing?.randomSampling?.value ?? 100, overallSampling: manager.tracing?.overallSampling?.value ?? 100,
                generateRequestID: manager.generateRequestID, stats: HTTPManagerStats(statPrefix: manager.statPrefix, stats: stats)))
        case nil:
            // Pilot's `virtual` listener has its own chain; one without filters just has nothing to run.
            filter = .tcp(cluster: XDSCluster.blackHoleName, statPrefix: listener.name)
        }
        return ListenerRuntime(
            name: listener.name, host: address.address, port: address.portValue, filter: filter, source: listener,
            connectionsTotal: stats.counter("listener.\(address.address)_\(address.portValue).downstream_cx_total"))
    }
}
