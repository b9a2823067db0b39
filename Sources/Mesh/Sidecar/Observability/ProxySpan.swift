import Foundation

/// Builds the Zipkin span of one proxied request the way Envoy's Zipkin driver tags it.
public struct ProxySpan {
    public var trace: TraceContext
    public var direction: XDSHTTPConnectionManager.Direction
    public var operation: String
    public var startMicros: Int64
    public var method: String
    public var url: String
    public var requestID: String
    public var upstreamCluster: String
    public var status: Int
    public var flags: ResponseFlags

    public func span(identity: SidecarIdentity, endMicros: Int64) -> ZipkinSpan {
        ZipkinSpan(
            traceId: trace.traceID, id: trace.spanID, parentId: trace.parentID, name: operation.lowercased(),
            kind: direction == .egress ? .client : .server, timestamp: startMicros, duration: max(1, endMicros - startMicros),
            shared: direction == .ingress && trace.shared ? true : nil,
            localEndpoint: .init(serviceName: identity.serviceCluster, ipv4: identity.podIP),
            tags: [
                "component": "proxy", "http.method": method, "http.url": url, "http.status_code": String(status),
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
