/// Envoy v2 `RouteConfiguration`: virtual hosts chosen by the request's Host (`:authority`),
/// then the first route whose match fits.
public struct XDSRouteConfiguration: Codable, Sendable, Equatable {
    public var name: String
    public var virtualHosts: [XDSVirtualHost]
    public var validateClusters: Bool

    public init(name: String, virtualHosts: [XDSVirtualHost], validateClusters: Bool = false) {
        self.name = name
        self.virtualHosts = virtualHosts
        self.validateClusters = validateClusters
    }

    enum CodingKeys: String, CodingKey {
        case name
        case virtualHosts = "virtual_hosts"
        case validateClusters = "validate_clusters"
    }
}

public struct XDSVirtualHost: Codable, Sendable, Equatable {
    public var name: String
    public var domains: [String]
    public var routes: [XDSRoute]

    public init(name: String, domains: [String], routes: [XDSRoute]) {
        self.name = name
        self.domains = domains
        self.routes = routes
    }
}

public struct XDSRoute: Codable, Sendable, Equatable {
    public struct Decorator: Codable, Sendable, Equatable {
        public var operation: String

        public init(operation: String) { self.operation = operation }
    }

    public var match: XDSRouteMatch
    public var route: XDSRouteAction
    /// Span name for this route (Pilot: `<host>:<port>/*`).
    public var decorator: Decorator?
    /// `envoy.fault` per-route config when the VirtualService rule injects faults.
    public var fault: XDSFault?

    public init(match: XDSRouteMatch, route: XDSRouteAction, decorator: Decorator? = nil, fault: XDSFault? = nil) {
        self.match = match
        self.route = route
        self.decorator = decorator
        self.fault = fault
    }

    enum CodingKeys: String, CodingKey {
        case match, route, decorator
        case perFilterConfig = "per_filter_config"
    }

    enum FilterKeys: String, CodingKey {
        case fault = "envoy.fault"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        match = try container.decode(XDSRouteMatch.self, forKey: .match)
        route = try container.decode(XDSRouteAction.self, forKey: .route)
        decorator = try container.decodeIfPresent(Decorator.self, forKey: .decorator)
        if container.contains(.perFilterConfig) {
            let filters = try container.nestedContainer(keyedBy: FilterKeys.self, forKey: .perFilterConfig)
            fault = try filters.decodeIfPresent(XDSFault.self, forKey: .fault)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(match, forKey: .match)
        try container.encode(route, forKey: .route)
        try container.encodeIfPresent(decorator, forKey: .decorator)
        if let fault {
            var filters = container.nestedContainer(keyedBy: FilterKeys.self, forKey: .perFilterConfig)
            try filters.encode(fault, forKey: .fault)
        }
    }
}

/// One of `prefix`, `path` (exact) or `regex` (full match, ECMAScript) plus header matchers,
/// all of which must hold. Method, authority and scheme matches are headers named
/// `:method`, `:authority`, `:scheme`, as Pilot translates them.
public struct XDSRouteMatch: Codable, Sendable, Equatable {
    public var prefix: String?
    public var path: String?
    public var regex: String?
    public var headers: [XDSHeaderMatcher]?

    public init(prefix: String? = nil, path: String? = nil, regex: String? = nil, headers: [XDSHeaderMatcher]? = nil) {
        self.prefix = prefix
        self.path = path
        self.regex = regex
        self.headers = headers
    }
}

public struct XDSHeaderMatcher: Codable, Sendable, Equatable {
    public var name: String
    public var exactMatch: String?
    public var prefixMatch: String?
    public var regexMatch: String?

    public init(name: String, exactMatch: String? = nil, prefixMatch: String? = nil, regexMatch: String? = nil) {
        self.name = name
        self.exactMatch = exactMatch
        self.prefixMatch = prefixMatch
        self.regexMatch = regexMatch
    }

    enum CodingKeys: String, CodingKey {
        case name
        case exactMatch = "exact_match"
        case prefixMatch = "prefix_match"
        case regexMatch = "regex_match"
    }
}

public struct XDSRouteAction: Codable, Sendable, Equatable {
    public struct WeightedCluster: Codable, Sendable, Equatable {
        public var name: String
        public var weight: Int

        public init(name: String, weight: Int) {
            self.name = name
            self.weight = weight
        }
    }

    public struct WeightedClusters: Codable, Sendable, Equatable {
        public var clusters: [WeightedCluster]

        public init(clusters: [WeightedCluster]) { self.clusters = clusters }
    }

    public var cluster: String?
    public var weightedClusters: WeightedClusters?
    /// Proto3 duration; "0s" disables the timeout (Pilot 1.1's default).
    public var timeout: String
    public var retryPolicy: XDSRetryPolicy?

    public init(cluster: String? = nil, weightedClusters: WeightedClusters? = nil, timeout: String = "0s", retryPolicy: XDSRetryPolicy? = nil) {
        self.cluster = cluster
        self.weightedClusters = weightedClusters
        self.timeout = timeout
        self.retryPolicy = retryPolicy
    }

    enum CodingKeys: String, CodingKey {
        case cluster
        case weightedClusters = "weighted_clusters"
        case timeout
        case retryPolicy = "retry_policy"
    }
}

public struct XDSRetryPolicy: Codable, Sendable, Equatable {
    public struct HostPredicate: Codable, Sendable, Equatable {
        public var name: String

        public init(name: String) { self.name = name }
    }

    public var retryOn: String
    public var numRetries: Int
    public var perTryTimeout: String?
    public var retriableStatusCodes: [Int]?
    public var retryHostPredicate: [HostPredicate]?
    public var hostSelectionRetryMaxAttempts: Int?

    public init(
        retryOn: String, numRetries: Int, perTryTimeout: String? = nil, retriableStatusCodes: [Int]? = nil,
        retryHostPredicate: [HostPredicate]? = nil, hostSelectionRetryMaxAttempts: Int? = nil
    ) {
        self.retryOn = retryOn
        self.numRetries = numRetries
        self.perTryTimeout = perTryTimeout
        self.retriableStatusCodes = retriableStatusCodes
        self.retryHostPredicate = retryHostPredicate
        self.hostSelectionRetryMaxAttempts = hostSelectionRetryMaxAttempts
    }

    /// Pilot 1.1's policy for routes whose VirtualService sets no `retries` (route/retry/retry.go).
    public static let istioDefault = XDSRetryPolicy(
        retryOn: "connect-failure,refused-stream,unavailable,cancelled,resource-exhausted,retriable-status-codes",
        numRetries: 2, retriableStatusCodes: [503], retryHostPredicate: [.init(name: "envoy.retry_host_predicates.previous_hosts")],
        hostSelectionRetryMaxAttempts: 3)

    enum CodingKeys: String, CodingKey {
        case retryOn = "retry_on"
        case numRetries = "num_retries"
        case perTryTimeout = "per_try_timeout"
        case retriableStatusCodes = "retriable_status_codes"
        case retryHostPredicate = "retry_host_predicate"
        case hostSelectionRetryMaxAttempts = "host_selection_retry_max_attempts"
    }
}

/// `envoy.fault` HTTPFault: a fixed delay and/or an abort, each applied to a fraction of requests.
public struct XDSFault: Codable, Sendable, Equatable {
    /// Envoy's FractionalPercent; Pilot writes `value × 10000` per MILLION.
    public struct Percentage: Codable, Sendable, Equatable {
        public var numerator: Int
        public var denominator: String

        public init(numerator: Int, denominator: String = "MILLION") {
            self.numerator = numerator
            self.denominator = denominator
        }

        /// The fraction in 0...1 (unknown denominators read as HUNDRED, Envoy's default).
        public var fraction: Double {
            switch denominator {
            case "MILLION": Double(numerator) / 1_000_000
            case "TEN_THOUSAND": Double(numerator) / 10_000
            default: Double(numerator) / 100
            }
        }
    }

    public struct Delay: Codable, Sendable, Equatable {
        public var fixedDelay: String
        public var percentage: Percentage

        public init(fixedDelay: String, percentage: Percentage) {
            self.fixedDelay = fixedDelay
            self.percentage = percentage
        }

        enum CodingKeys: String, CodingKey {
            case fixedDelay = "fixed_delay"
            case percentage
        }
    }

    public struct Abort: Codable, Sendable, Equatable {
        public var httpStatus: Int
        public var percentage: Percentage

        public init(httpStatus: Int, percentage: Percentage) {
            self.httpStatus = httpStatus
            self.percentage = percentage
        }

        enum CodingKeys: String, CodingKey {
            case httpStatus = "http_status"
            case percentage
        }
    }

    public var delay: Delay?
    public var abort: Abort?

    public init(delay: Delay? = nil, abort: Abort? = nil) {
        self.delay = delay
        self.abort = abort
    }
}
