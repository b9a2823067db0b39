/// What the clients do during a scenario.
public struct WorkloadSpec: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Reads and unique writes per key (SET/GET).
        case register
        /// INCR per key.
        case counter
        /// SADD of unique elements, then a final SMEMBERS per key.
        case set
    }

    public var kind: Kind
    public var clients: Int
    public var keys: Int
    /// Operations per second across all clients.
    public var rate: Double
    public var duration: Duration
    /// Per-operation timeout; an operation that times out is `info`, never a failure.
    public var timeout: Duration
    /// Writes followed by `WAIT replicas timeout`; a write is acknowledged only when WAIT
    /// reports that many replicas.
    public var waitReplicas: Int?
    public var waitTimeout: Duration
    /// Share of register operations that are reads.
    public var readFraction: Double

    static let keys = ["kind", "clients", "keys", "rate", "duration", "timeout", "wait", "read-fraction"]

    init(parameters: Parameters) throws {
        guard let kindText = try parameters.choice("kind", among: Kind.allCases.map(\.rawValue)) else {
            throw parameters.error("kind", "a workload needs a kind", suggestion: "kind: register, counter or set")
        }
        kind = Kind(rawValue: kindText)!
        clients = try parameters.int("clients", in: 1...256) ?? 4
        keys = try parameters.int("keys", in: 1...100_000) ?? 16
        if let rateText = try parameters.string("rate") {
            guard let rate = Self.parseRate(rateText) else {
                throw parameters.error("rate", "'\(rateText)' is not a rate", suggestion: "write it as 400/s")
            }
            self.rate = rate
        } else {
            rate = 200
        }
        duration = try parameters.duration("duration") ?? .seconds(10)
        timeout = try parameters.duration("timeout") ?? .milliseconds(500)
        if let wait = try parameters.nested("wait") {
            waitReplicas = try wait.int("replicas", in: 1...16) ?? 1
            waitTimeout = try wait.duration("timeout") ?? .milliseconds(100)
            try wait.finish()
        } else {
            waitReplicas = nil
            waitTimeout = .milliseconds(100)
        }
        readFraction = try parameters.double("read-fraction", in: 0...1) ?? 0.5
        if duration <= .zero { throw parameters.error("duration", "must be longer than 0") }
        if timeout <= .zero { throw parameters.error("timeout", "must be longer than 0") }
        try parameters.finish()
    }

    /// `400/s`, `20/ms` is not supported; `400` alone means per second.
    static func parseRate(_ text: String) -> Double? {
        let number = text.hasSuffix("/s") ? String(text.dropLast(2)) : text
        guard let rate = Double(number), rate > 0, rate <= 1_000_000 else { return nil }
        return rate
    }
}
