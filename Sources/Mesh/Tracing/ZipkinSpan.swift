/// A Zipkin v2 span (openzipkin/zipkin-api zipkin2-api.yaml): ids are lower-hex, times are
/// microseconds since the epoch.
public struct ZipkinSpan: Codable, Sendable, Equatable {
    public enum Kind: String, Codable, Sendable {
        case client = "CLIENT"
        case server = "SERVER"
        case producer = "PRODUCER"
        case consumer = "CONSUMER"
    }

    public struct Endpoint: Codable, Sendable, Equatable {
        public var serviceName: String?
        public var ipv4: String?
        public var port: Int?

        public init(serviceName: String? = nil, ipv4: String? = nil, port: Int? = nil) {
            self.serviceName = serviceName
            self.ipv4 = ipv4
            self.port = port
        }
    }

    public struct Annotation: Codable, Sendable, Equatable {
        public var timestamp: Int64
        public var value: String

        public init(timestamp: Int64, value: String) {
            self.timestamp = timestamp
            self.value = value
        }
    }

    public var traceId: String
    public var id: String
    public var parentId: String?
    public var name: String?
    public var kind: Kind?
    public var timestamp: Int64?
    public var duration: Int64?
    public var debug: Bool?
    public var shared: Bool?
    public var localEndpoint: Endpoint?
    public var remoteEndpoint: Endpoint?
    public var annotations: [Annotation]?
    public var tags: [String: String]?

    public init(
        traceId: String, id: String, parentId: String? = nil, name: String? = nil, kind: Kind? = nil, timestamp: Int64? = nil,
        duration: Int64? = nil, debug: Bool? = nil, shared: Bool? = nil, localEndpoint: Endpoint? = nil,
        remoteEndpoint: Endpoint? = nil, annotations: [Annotation]? = nil, tags: [String: String]? = nil
    ) {
        self.traceId = traceId
        self.id = id
        self.parentId = parentId
        self.name = name
        self.kind = kind
        self.timestamp = timestamp
        self.duration = duration
        self.debug = debug
        self.shared = shared
        self.localEndpoint = localEndpoint
        self.remoteEndpoint = remoteEndpoint
        self.annotations = annotations
        self.tags = tags
    }
}
