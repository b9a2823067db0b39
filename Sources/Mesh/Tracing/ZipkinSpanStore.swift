/// The collector's memory: the last `capacity` spans accepted (older ones are forgotten, as a
/// bounded in-memory Zipkin does), indexed by trace. A value with no I/O; `ZipkinCollector`
/// shares it.
public struct ZipkinSpanStore: Sendable {
    public let capacity: Int
    /// Spans by sequence number modulo capacity; sequence numbers grow forever.
    private var ring: [ZipkinSpan] = []
    private var nextSequence = 0
    /// Sequence numbers of each trace's stored spans, oldest first.
    private var sequencesByTrace: [String: [Int]] = [:]
    /// How many stored spans name each local service.
    private var spansByService: [String: Int] = [:]
    /// Spans forgotten to stay within capacity.
    public private(set) var evicted = 0

    public init(capacity: Int = 100_000) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { ring.count }

    /// Stores a (validated) span, forgetting the oldest when full.
    public mutating func add(_ span: ZipkinSpan) {
        let sequence = nextSequence
        nextSequence += 1
        if ring.count < capacity {
            ring.append(span)
        } else {
            forget(ring[sequence % capacity], sequence: sequence - capacity)
            ring[sequence % capacity] = span
        }
        sequencesByTrace[span.traceId, default: []].append(sequence)
        if let service = span.localEndpoint?.serviceName { spansByService[service, default: 0] += 1 }
    }

    private mutating func forget(_ span: ZipkinSpan, sequence: Int) {
        evicted += 1
        if var sequences = sequencesByTrace[span.traceId] {
            sequences.removeAll { $0 == sequence }
            sequencesByTrace[span.traceId] = sequences.isEmpty ? nil : sequences
        }
        if let service = span.localEndpoint?.serviceName, let count = spansByService[service] {
            spansByService[service] = count > 1 ? count - 1 : nil
        }
    }

    // MARK: Queries

    /// `GET /api/v2/services`: local service names, sorted.
    public func serviceNames() -> [String] {
        spansByService.keys.sorted()
    }

    /// `GET /api/v2/spans?serviceName=`: names of that service's spans, sorted.
    public func spanNames(service: String) -> [String] {
        let service = service.lowercased()
        return Set(ring.lazy.filter { $0.localEndpoint?.serviceName == service }.compactMap(\.name)).sorted()
    }

    /// `GET /api/v2/trace/{id}`: a trace's spans in start order, or nil when none is stored.
    public func trace(_ traceId: String) -> [ZipkinSpan]? {
        guard let sequences = sequencesByTrace[traceId.lowercased()] else { return nil }
        return Self.ordered(sequences.map { ring[$0 % capacity] })
    }

    /// `GET /api/v2/traces`: matching traces, the most recently started first.
    public func traces(_ query: ZipkinTraceQuery) -> [[ZipkinSpan]] {
        let windowEnd = query.endTs * 1000
        let windowStart = (query.endTs - query.lookback) * 1000
        var matches: [(start: Int64, spans: [ZipkinSpan])] = []
        for sequences in sequencesByTrace.values {
            let spans = sequences.map { ring[$0 % capacity] }
            let matching = spans.contains { span in
                guard let timestamp = span.timestamp, timestamp >= windowStart, timestamp <= windowEnd else { return false }
                if let service = query.serviceName, span.localEndpoint?.serviceName != service { return false }
                if let name = query.spanName, span.name != name { return false }
                return true
            }
            if matching { matches.append((spans.compactMap(\.timestamp).min() ?? 0, Self.ordered(spans))) }
        }
        matches.sort { $0.start > $1.start }
        return matches.prefix(query.limit).map(\.spans)
    }

    /// Spans by start time (untimed ones last), arrival order breaking ties.
    private static func ordered(_ spans: [ZipkinSpan]) -> [ZipkinSpan] {
        spans.enumerated().sorted { ($0.element.timestamp ?? .max, $0.offset) < ($1.element.timestamp ?? .max, $1.offset) }.map(\.element)
    }
}
