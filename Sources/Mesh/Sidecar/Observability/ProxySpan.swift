import Foundation

/// Builds the Zipkin span of one proxied request the way Envoy's Zipkin driver tags it. Holds
/// the request's parts and joins them only in `span`, so an untraced request builds no strings.
public struct ProxySpan {
    public var trace: TraceContext
    public var direction: XDSHTTPConnectionManager.Direction
    /// The route's `decorator.operation`; else the span is named after host and path.
    public var operation: String?
    public var startMicros: Int64
    public var method: String
    public var authority: String
    /// Origin-form path with its query.
    public var path: String
    public var requestID: String
    public var upstreamCluster: String
    public var status: Int
    public var flags: ResponseFlags

    public func span(identity: SidecarIdentity, endMicros: Int64) -> ZipkinSpan {
        let name = operation ?? authority + (path.firstIndex(of: "?").map { path[..<$0] } ?? path[...])
        return ZipkinSpan(
            traceId: trace.traceID, id: trace.spanID, parentId: trace.parentID, name: name.lowercased(),
            kind: direction == .egress ? .client : .server, timestamp: startMicros, duration: max(1, endMicros - startMicros),
            shared: direction == .ingress && trace.shared ? true : nil,
            localEndpoint: .init(serviceName: identity.serviceCluster, ipv4: identity.podIP),
            tags: [
                "component": "proxy", "http.method": method, "http.url": "http://\(authority)\(path)", "http.status_code": String(status),
                "upstream_cluster": upstreamCluster, "node_id": identity.nodeID, "guid:x-request-id": requestID,
                "response_flags": flags.description, "downstream_cluster": "-",
            ])
    }

    public static func nowMicros() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000_000) }
}

/// Who this sidecar is: what spans, stats and the xDS node carry.
public struct SidecarIdentity: Sendable, Equatable {
    public var podIP: String
    public var name: String
    public var serviceCluster: String

    public init(podIP: String, name: String, serviceCluster: String) {
        self.podIP = podIP
        self.name = name
        self.serviceCluster = serviceCluster
    }

    public var node: XDSNode { XDSNode(ip: podIP, name: name, cluster: serviceCluster) }
    public var nodeID: String { node.id }
}
