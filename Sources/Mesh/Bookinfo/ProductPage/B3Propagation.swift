/// productpage 1.1.0's trace headers: a jaeger tracer (one span per RPC, B3 codec) extracts the
/// incoming B3 context and injects it into upstream calls. With one_span_per_rpc a server span
/// reuses the caller's span and parent ids, so the ids pass through unchanged; the codec writes
/// `x-b3-flags: 1` for a debug trace, else `x-b3-sampled` 1 or 0. Without incoming B3 headers the
/// tracer starts a fresh sampled trace (random 64-bit ids).
enum B3Propagation {
    static func headers(from request: IncomingRequest) -> [(String, String)] {
        guard let traceID = request.header("x-b3-traceid"), let spanID = request.header("x-b3-spanid") else {
            var generator = SystemRandomNumberGenerator()
            let traceID = hex64(generator.next())
            return [("x-b3-traceid", traceID), ("x-b3-spanid", traceID), ("x-b3-sampled", "1")]
        }
        var headers = [("x-b3-traceid", traceID), ("x-b3-spanid", spanID)]
        if let parent = request.header("x-b3-parentspanid") { headers.append(("x-b3-parentspanid", parent)) }
        if request.header("x-b3-flags") == "1" {
            headers.append(("x-b3-flags", "1"))
        } else {
            let sampled = request.header("x-b3-sampled").map { $0 == "1" || $0.lowercased() == "true" } ?? false
            headers.append(("x-b3-sampled", sampled ? "1" : "0"))
        }
        return headers
    }

    private static func hex64(_ value: UInt64) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
