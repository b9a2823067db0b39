/// The `?index=&wait=` of a blocking query (Consul's features/blocking): with an index above
/// 0 the answer waits until the catalog index passes it or `wait` elapses (default 5 minutes,
/// at most 10; Consul adds up to wait/16 of jitter, which we leave out so waits are exact).
public struct ConsulBlockingQuery: Sendable, Equatable {
    public static let defaultWait: Duration = .seconds(300)
    public static let maximumWait: Duration = .seconds(600)

    /// The index the caller last saw; nil answers at once.
    public var index: Int?
    public var wait: Duration

    public init(index: Int? = nil, wait: Duration = ConsulBlockingQuery.defaultWait) {
        self.index = index
        self.wait = wait
    }

    /// The query's parameters as Consul reads them; malformed ones are a 400 with the reason.
    public static func parse(index: String?, wait: String?) throws(ConsulHTTPError) -> ConsulBlockingQuery {
        var query = ConsulBlockingQuery()
        if let wait, !wait.isEmpty {
            do {
                let duration = try GoDuration.parse(wait)
                // Consul: nothing or less means the default, more than the maximum is capped.
                query.wait = duration <= .zero ? defaultWait : min(duration, maximumWait)
            } catch {
                throw .badRequest("Invalid wait time: \(error)")
            }
        }
        if let index, !index.isEmpty {
            guard index.allSatisfy(\.isASCII), let value = UInt64(index) else {
                throw .badRequest("Invalid index: strconv.ParseUint: parsing \"\(index)\": invalid syntax")
            }
            // Zero means "no index yet": answer at once.
            query.index = value == 0 ? nil : Int(clamping: value)
        }
        return query
    }
}
