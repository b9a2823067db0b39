/// `networking.istio.io/v1alpha3` DestinationRule spec (istio/api 1.1.0): subsets by labels and
/// the load-balancing policy Pilot turns into clusters.
public struct DestinationRule: Codable, Sendable, Equatable {
    public var host: String
    public var trafficPolicy: TrafficPolicy?
    public var subsets: [Subset]?

    public init(host: String, trafficPolicy: TrafficPolicy? = nil, subsets: [Subset]? = nil) {
        self.host = host
        self.trafficPolicy = trafficPolicy
        self.subsets = subsets
    }

    public struct Subset: Codable, Sendable, Equatable {
        public var name: String
        public var labels: [String: String]?
        public var trafficPolicy: TrafficPolicy?

        public init(name: String, labels: [String: String]? = nil, trafficPolicy: TrafficPolicy? = nil) {
            self.name = name
            self.labels = labels
            self.trafficPolicy = trafficPolicy
        }
    }

    public struct TrafficPolicy: Codable, Sendable, Equatable {
        public var loadBalancer: LoadBalancerSettings?

        public init(loadBalancer: LoadBalancerSettings? = nil) { self.loadBalancer = loadBalancer }
    }

    /// `simple` is ROUND_ROBIN, LEAST_CONN, RANDOM or PASSTHROUGH.
    public struct LoadBalancerSettings: Codable, Sendable, Equatable {
        public var simple: String?

        public init(simple: String? = nil) { self.simple = simple }
    }
}
