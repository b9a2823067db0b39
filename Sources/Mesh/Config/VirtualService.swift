/// `networking.istio.io/v1alpha3` VirtualService spec as Istio 1.1 defines it (istio/api 1.1.0),
/// the fields Pilot 1.1 acts on for sidecars. Field names are the YAML's.
public struct VirtualService: Codable, Sendable, Equatable {
    public var hosts: [String]
    public var gateways: [String]?
    public var http: [HTTPRoute]?
    public var tcp: [TCPRoute]?

    public init(hosts: [String], gateways: [String]? = nil, http: [HTTPRoute]? = nil, tcp: [TCPRoute]? = nil) {
        self.hosts = hosts
        self.gateways = gateways
        self.http = http
        self.tcp = tcp
    }

    public struct HTTPRoute: Codable, Sendable, Equatable {
        public var match: [HTTPMatchRequest]?
        public var route: [RouteDestination]?
        public var timeout: String?
        public var retries: HTTPRetry?
        public var fault: HTTPFaultInjection?

        public init(
            match: [HTTPMatchRequest]? = nil, route: [RouteDestination]? = nil, timeout: String? = nil, retries: HTTPRetry? = nil,
            fault: HTTPFaultInjection? = nil
        ) {
            self.match = match
            self.route = route
            self.timeout = timeout
            self.retries = retries
            self.fault = fault
        }
    }

    /// Blocks are OR'ed; fields inside a block are AND'ed.
    public struct HTTPMatchRequest: Codable, Sendable, Equatable {
        public var uri: StringMatch?
        public var scheme: StringMatch?
        public var method: StringMatch?
        public var authority: StringMatch?
        /// Keys are lowercase header names.
        public var headers: [String: StringMatch]?
        public var port: Int?
        public var sourceLabels: [String: String]?

        public init(
            uri: StringMatch? = nil, scheme: StringMatch? = nil, method: StringMatch? = nil, authority: StringMatch? = nil,
            headers: [String: StringMatch]? = nil, port: Int? = nil, sourceLabels: [String: String]? = nil
        ) {
            self.uri = uri
            self.scheme = scheme
            self.method = method
            self.authority = authority
            self.headers = headers
            self.port = port
            self.sourceLabels = sourceLabels
        }
    }

    /// Exactly one of the three is set (validation enforces it).
    public struct StringMatch: Codable, Sendable, Equatable {
        public var exact: String?
        public var prefix: String?
        public var regex: String?

        public init(exact: String? = nil, prefix: String? = nil, regex: String? = nil) {
            self.exact = exact
            self.prefix = prefix
            self.regex = regex
        }
    }

    public struct RouteDestination: Codable, Sendable, Equatable {
        public var destination: Destination
        public var weight: Int?

        public init(destination: Destination, weight: Int? = nil) {
            self.destination = destination
            self.weight = weight
        }
    }

    public struct Destination: Codable, Sendable, Equatable {
        public var host: String
        public var subset: String?
        public var port: PortSelector?

        public init(host: String, subset: String? = nil, port: PortSelector? = nil) {
            self.host = host
            self.subset = subset
            self.port = port
        }
    }

    public struct PortSelector: Codable, Sendable, Equatable {
        public var number: Int?
        public var name: String?

        public init(number: Int? = nil, name: String? = nil) {
            self.number = number
            self.name = name
        }
    }

    public struct HTTPRetry: Codable, Sendable, Equatable {
        public var attempts: Int
        public var perTryTimeout: String?
        public var retryOn: String?

        public init(attempts: Int, perTryTimeout: String? = nil, retryOn: String? = nil) {
            self.attempts = attempts
            self.perTryTimeout = perTryTimeout
            self.retryOn = retryOn
        }
    }

    public struct HTTPFaultInjection: Codable, Sendable, Equatable {
        public struct Percent: Codable, Sendable, Equatable {
            public var value: Double

            public init(value: Double) { self.value = value }
        }

        public struct Delay: Codable, Sendable, Equatable {
            public var fixedDelay: String?
            /// Deprecated integer percent; Pilot 1.1 falls back to it (0) when `percentage` is unset.
            public var percent: Int?
            public var percentage: Percent?

            public init(fixedDelay: String? = nil, percent: Int? = nil, percentage: Percent? = nil) {
                self.fixedDelay = fixedDelay
                self.percent = percent
                self.percentage = percentage
            }
        }

        public struct Abort: Codable, Sendable, Equatable {
            public var httpStatus: Int?
            public var percent: Int?
            public var percentage: Percent?

            public init(httpStatus: Int? = nil, percent: Int? = nil, percentage: Percent? = nil) {
                self.httpStatus = httpStatus
                self.percent = percent
                self.percentage = percentage
            }
        }

        public var delay: Delay?
        public var abort: Abort?

        public init(delay: Delay? = nil, abort: Abort? = nil) {
            self.delay = delay
            self.abort = abort
        }
    }

    public struct TCPRoute: Codable, Sendable, Equatable {
        public struct L4Match: Codable, Sendable, Equatable {
            public var port: Int?

            public init(port: Int? = nil) { self.port = port }
        }

        public var match: [L4Match]?
        public var route: [RouteDestination]

        public init(match: [L4Match]? = nil, route: [RouteDestination]) {
            self.match = match
            self.route = route
        }
    }
}
