import Foundation
import NIOCore

/// Builds the Zipkin span of one proxied request the way Envoy's Zipkin driver tags it. Holds
/// the request's parts and joins them only in `span`, so an untraced request builds no strings.
public struct ProxySpan: Sendable {
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

    /// The finished span, ready for the reporter.
    public func finished(identity: SidecarIdentity, endMicros: Int64) -> Finished {
        Finished(span: self, identity: identity, endMicros: endMicros)
    }

    /// A finished span written as Zipkin JSON straight from its parts: the document a
    /// `ZipkinSpan` with these tags would give (same field order, tags sorted), without a tags
    /// dictionary built and sorted per request.
    public struct Finished: ZipkinJSONWritable {
        public var span: ProxySpan
        public var identity: SidecarIdentity
        public var endMicros: Int64

        public func writeJSON(into buffer: inout ByteBuffer) {
            let trace = span.trace
            var fields = JSONFields()
            buffer.writeStaticString("{")
            fields.string("traceId", trace.traceID, &buffer)
            fields.string("id", trace.spanID, &buffer)
            fields.string("parentId", trace.parentID, &buffer)
            fields.string("name", span.name.lowercased(), &buffer)
            fields.string("kind", span.direction == .egress ? ZipkinSpan.Kind.client.rawValue : ZipkinSpan.Kind.server.rawValue, &buffer)
            fields.integer("timestamp", span.startMicros, &buffer)
            fields.integer("duration", max(1, endMicros - span.startMicros), &buffer)
            fields.boolean("shared", span.direction == .ingress && trace.shared ? true : nil, &buffer)
            fields.endpoint("localEndpoint", ZipkinSpan.Endpoint(serviceName: identity.serviceCluster, ipv4: identity.podIP), &buffer)
            fields.key("tags", &buffer)
            var tags = JSONFields()
            buffer.writeStaticString("{")
            // In key order, as ZipkinSpan writes its sorted tags.
            tags.string("component", "proxy", &buffer)
            tags.string("downstream_cluster", "-", &buffer)
            tags.string("guid:x-request-id", span.requestID, &buffer)
            tags.string("http.method", span.method, &buffer)
            tags.string("http.status_code", String(span.status), &buffer)
            tags.string("http.url", "http://\(span.authority)\(span.path)", &buffer)
            tags.string("node_id", identity.nodeID, &buffer)
            tags.string("response_flags", span.flags.description, &buffer)
            tags.string("upstream_cluster", span.upstreamCluster, &buffer)
            buffer.writeStaticString("}}")
        }
    }

    /// The route's operation, else host and path without the query.
    var name: String {
        operation ?? authority + (path.firstIndex(of: "?").map { path[..<$0] } ?? path[...])
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
