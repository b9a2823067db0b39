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
    /// Whether this request is traced: its span is reported and `x-b3-sampled: 1` goes upstream.
    public var sampled = true

    public init(traceID: String, spanID: String, parentID: String? = nil, shared: Bool, sampled: Bool = true) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentID = parentID
        self.shared = shared
        self.sampled = sampled
    }

    /// The caller's sampling decision, if it made one: `x-b3-flags: 1` (debug) or `x-b3-sampled`
    /// (`1`/`true`, `0`/`false`), which Envoy's Zipkin tracer lets override its own.
    public static func callerDecision(_ headers: HTTPHeaders) -> Bool? {
        if headers.first(name: "x-b3-flags") == "1" { return true }
        switch headers.first(name: "x-b3-sampled") {
        case "1", "true": return true
        case "0", "false": return false
        default: return nil
        }
    }

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

    /// The B3 headers the upstream should see.
    public var headers: [(String, String)] {
        var result = [("x-b3-traceid", traceID), ("x-b3-spanid", spanID)]
        if let parentID { result.append(("x-b3-parentspanid", parentID)) }
        result.append(("x-b3-sampled", sampled ? "1" : "0"))
        return result
    }

    /// 64-bit id as 16 lower-hex digits (Envoy's default trace id width).
    public static func newID() -> String {
        let hex = String(UInt64.random(in: 1 ... .max), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
