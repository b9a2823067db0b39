import NIOCore

/// One upstream host of a cluster as the data path uses it.
public struct UpstreamEndpoint: Sendable, Hashable {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, as `/clusters` prints it.
    public var text: String { "\(host):\(port)" }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.host == rhs.host && lhs.port == rhs.port }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(host)
        hasher.combine(port)
    }
}

/// A cluster compiled for one configuration version: its endpoints (STATIC hosts or the EDS
/// assignment), connect timeout, balancer and statistics.
public final class ClusterRuntime: Sendable {
    public let name: String
    public let source: XDSCluster
    public let endpoints: [UpstreamEndpoint]
    public let hostStats: [HostStats]
    public let connectTimeout: TimeAmount
    public let balancer: LoadBalancer
    public let stats: ClusterStats

    public init(_ cluster: XDSCluster, assignment: XDSClusterLoadAssignment?, balancer: LoadBalancer, stats: SidecarStats) throws {
        name = cluster.name
        source = cluster
        let addresses: [XDSAddress] = cluster.type == .eds ? (assignment?.addresses ?? []) : (cluster.hosts ?? [])
        endpoints = addresses.map { UpstreamEndpoint(host: $0.socketAddress.address, port: $0.socketAddress.portValue) }
        hostStats = endpoints.map { stats.host(cluster: cluster.name, address: $0.text) }
        guard let milliseconds = XDSDuration.milliseconds(cluster.connectTimeout) else {
            throw SidecarConfigError.badDuration(field: "cluster \(cluster.name) connect_timeout", value: cluster.connectTimeout)
        }
        connectTimeout = .milliseconds(Int64(max(1, milliseconds)))
        self.balancer = balancer
        self.stats = ClusterStats(cluster: cluster.name, stats: stats)
    }

    /// The endpoint for the next attempt; nil when the cluster has none (Envoy: UH).
    public func pickEndpoint(excluding tried: Set<Int> = []) -> Int? {
        balancer.pick(count: endpoints.count, policy: source.lbPolicy, activeRequests: { self.hostStats[$0].requestActive.value }, excluded: tried)
    }
}
