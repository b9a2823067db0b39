import NIOHTTP1

/// The B3 ids of one proxied request. An egress (outbound) hop starts a child span of what the
/// app sent; the ingress (inbound) hop of the next sidecar reports the same span id as its
/// SERVER side (`shared`), as Envoy's Zipkin tracer does with shared span context.
public struct TraceContext: Sendable, Equatable {
    public var traceID: String
    public var spanID: String
    public var parentID: String?
    /// The span id came from the caller: the SERVER half of the caller's CLIENT span.
    public var shared: Bool

    public static func egress(_ headers: HTTPHeaders, newID: () -> String = TraceContext.newID) -> TraceContext {
        if let trace = headers.first(name: "x-b3-traceid"), !trace.isEmpty {
            return TraceContext(traceID: trace, spanID: newID(), parentID: headers.first(name: "x-b3-spanid"), shared: false)
        }
        return TraceContext(traceID: newID(), spanID: newID(), parentID: nil, shared: false)
    }

    public static func ingress(_ headers: HTTPHeaders, newID: () -> String = TraceContext.newID) -> TraceContext {
        if let trace = headers.first(name: "x-b3-traceid"), !trace.isEmpty, let span = headers.first(name: "x-b3-spanid"), !span.isEmpty {
            return TraceContext(traceID: trace, spanID: span, parentID: headers.first(name: "x-b3-parentspanid"), shared: true)
        }
        return TraceContext(traceID: newID(), spanID: newID(), parentID: nil, shared: false)
    }

    /// B3 header names the proxy sets for the upstream (replacing what the client sent).
    public static let headerNames = ["x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled"]

    /// The B3 headers the upstream should see (sampling is 100 %).
    public var headers: [(String, String)] {
        var result = [("x-b3-traceid", traceID), ("x-b3-spanid", spanID)]
        if let parentID { result.append(("x-b3-parentspanid", parentID)) }
        result.append(("x-b3-sampled", "1"))
        return result
    }

    /// 64-bit id as 16 lower-hex digits (Envoy's default trace id width).
    public static func newID() -> String {
        let hex = String(UInt64.random(in: 1 ... .max), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
