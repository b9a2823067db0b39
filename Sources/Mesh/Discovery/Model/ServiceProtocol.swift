/// A port's protocol as Pilot 1.1 models it (`model.Protocol`), parsed from Consul's
/// `ServiceMeta["protocol"]`. Only the family matters for translation: HTTP-family ports share
/// one RDS-routed listener, TCP-family ports get a tcp_proxy to the first service.
public enum ServiceProtocol: String, Sendable, Codable, CaseIterable {
    case tcp = "TCP"
    case udp = "UDP"
    case grpc = "GRPC"
    case grpcWeb = "GRPC-Web"
    case http = "HTTP"
    case http2 = "HTTP2"
    case https = "HTTPS"
    case tls = "TLS"
    case mongo = "Mongo"
    case redis = "Redis"
    case mysql = "MySQL"

    /// `model.ParseProtocol`: case-insensitive; nil for a name Pilot does not know.
    public init?(parsing name: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else { return nil }
        self = match
    }

    /// Served by the HTTP connection manager (Pilot's `IsHTTP`).
    public var isHTTP: Bool { self == .http || self == .http2 || self == .grpc || self == .grpcWeb }

    /// Served by tcp_proxy (Pilot's `IsTCP`); UDP is neither and gets no listener.
    public var isTCP: Bool { self == .tcp || self == .https || self == .tls || self == .mongo || self == .redis || self == .mysql }
}
