/// `GET /api/v2/traces` parameters as Zipkin reads them: traces having a span of
/// `serviceName` (and `spanName`) that started within `lookback` before `endTs`, newest
/// first, at most `limit`. Times are epoch milliseconds, as Zipkin's query API takes them.
public struct ZipkinTraceQuery: Sendable, Equatable {
    public var serviceName: String?
    public var spanName: String?
    public var endTs: Int64
    public var lookback: Int64
    public var limit: Int

    /// Zipkin's defaults: the last day, 10 traces.
    public init(serviceName: String? = nil, spanName: String? = nil, endTs: Int64, lookback: Int64 = 86_400_000, limit: Int = 10) {
        self.serviceName = serviceName
        self.spanName = spanName
        self.endTs = endTs
        self.lookback = lookback
        self.limit = limit
    }

    /// Reads the query string's values; a bad number is an error naming the parameter.
    static func parse(_ parameters: [String: String], now: Int64) throws(ZipkinQueryProblem) -> ZipkinTraceQuery {
        func number(_ name: String) throws(ZipkinQueryProblem) -> Int64? {
            guard let text = parameters[name], !text.isEmpty else { return nil }
            guard let value = Int64(text), value > 0 else {
                throw ZipkinQueryProblem(message: "\(name) should be a positive number, not \"\(text)\"")
            }
            return value
        }
        var query = ZipkinTraceQuery(endTs: try number("endTs") ?? now)
        query.serviceName = parameters["serviceName"].flatMap { $0.isEmpty ? nil : $0.lowercased() }
        query.spanName = parameters["spanName"].flatMap { $0.isEmpty || $0 == "all" ? nil : $0.lowercased() }
        if let lookback = try number("lookback") { query.lookback = lookback }
        if let limit = try number("limit") { query.limit = Int(clamping: limit) }
        return query
    }
}

struct ZipkinQueryProblem: Error, Equatable {
    var message: String
}
