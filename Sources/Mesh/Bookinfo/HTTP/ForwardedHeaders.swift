/// The tracing headers the Bookinfo services pass on to their upstreams so the sidecars can
/// stitch one trace (Istio's "propagate these headers" list as the 1.1 services apply it).
enum ForwardedHeaders {
    static let b3 = ["x-b3-traceid", "x-b3-spanid", "x-b3-parentspanid", "x-b3-sampled", "x-b3-flags"]

    /// reviews' list (LibertyRestEndpoint's @HeaderParams): the request id, B3, the
    /// OpenTracing span context, the end user and the user agent, each only when present.
    static let reviews = ["x-request-id"] + b3 + ["x-ot-span-context", "end-user", "user-agent"]

    static func copy(_ names: [String], from request: IncomingRequest) -> [(String, String)] {
        names.compactMap { name in request.header(name).map { (name, $0) } }
    }
}
