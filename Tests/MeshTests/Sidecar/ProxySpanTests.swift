import Foundation
import NIOCore
import Testing

@testable import Mesh

@Suite struct ProxySpanTests {
    let identity = SidecarIdentity(podIP: "10.0.0.7", name: "reviews-v1", serviceCluster: "reviews")

    func proxySpan(direction: XDSHTTPConnectionManager.Direction, operation: String?, shared: Bool) -> ProxySpan {
        ProxySpan(
            trace: TraceContext(traceID: "00000000000000aa", spanID: "00000000000000bb", parentID: shared ? nil : "00000000000000cc", shared: shared),
            direction: direction, operation: operation, startMicros: 1_700_000_000_000_000, method: "GET", authority: "Ratings:9080",
            path: "/ratings/0?x=\"y\"", requestID: "req-1", upstreamCluster: "outbound|9080||ratings.service.consul", status: 503,
            flags: [.upstreamConnectFailure, .upstreamRetryLimitExceeded])
    }

    /// The document a `ZipkinSpan` with Envoy's tags gives, byte for byte.
    @Test(arguments: [(XDSHTTPConnectionManager.Direction.egress, nil as String?, false), (.ingress, "ratings.service.consul:9080/*", true)])
    func finishedSpansWriteWhatAZipkinSpanWith(direction: XDSHTTPConnectionManager.Direction, operation: String?, shared: Bool) throws {
        let span = proxySpan(direction: direction, operation: operation, shared: shared)
        let expected = ZipkinSpan(
            traceId: "00000000000000aa", id: "00000000000000bb", parentId: shared ? nil : "00000000000000cc",
            name: operation ?? "ratings:9080/ratings/0", kind: direction == .egress ? .client : .server, timestamp: 1_700_000_000_000_000, duration: 1,
            shared: shared ? true : nil, localEndpoint: .init(serviceName: "reviews", ipv4: "10.0.0.7"),
            tags: [
                "component": "proxy", "http.method": "GET", "http.url": "http://Ratings:9080/ratings/0?x=\"y\"", "http.status_code": "503",
                "upstream_cluster": "outbound|9080||ratings.service.consul", "node_id": identity.nodeID, "guid:x-request-id": "req-1",
                "response_flags": "UF,URX", "downstream_cluster": "-",
            ])
        var written = ByteBuffer(), reference = ByteBuffer()
        // Ends before it starts (clock steps): the duration is still at least 1 µs.
        span.finished(identity: identity, endMicros: 1_699_999_999_999_000).writeJSON(into: &written)
        expected.writeJSON(into: &reference)
        #expect(String(buffer: written) == String(buffer: reference))
        #expect(try JSONDecoder().decode(ZipkinSpan.self, from: Data(written.readableBytesView)) == expected)
    }
}
