import AsyncHTTPClient
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Where the sidecar's spans go. `report` must never block the data path.
/// (The team's `ZipkinReporter` in Tracing/ has this shape; until it lands the sidecar uses
/// `ZipkinBatchSink`.)
public protocol SpanSink: Sendable {
    func report(_ span: ZipkinSpan)
}

/// Batches spans and POSTs them as a JSON array to a Zipkin v2 collector
/// (`/api/v2/spans`) every `flushInterval`; drops spans beyond `capacity` when the
/// collector is slow or down.
public final class ZipkinBatchSink: SpanSink {
    private let url: String
    private let client: HTTPClient
    private let logger: Logger
    private let capacity: Int
    private let buffer = NIOLockedValueBox<[ZipkinSpan]>([])
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    /// `collectorURL` is the collector's base URL (`http://127.0.0.1:9411`).
    public init(collectorURL: String, client: HTTPClient = .shared, flushInterval: Duration = .milliseconds(200), capacity: Int = 10_000, logger: Logger) {
        let base = collectorURL.hasSuffix("/") ? String(collectorURL.dropLast()) : collectorURL
        url = base + "/api/v2/spans"
        self.client = client
        self.capacity = capacity
        self.logger = logger
        task.withLockedValue {
            $0 = Task { [weak self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: flushInterval)
                    await self?.flush()
                }
            }
        }
    }

    public func report(_ span: ZipkinSpan) {
        buffer.withLockedValue { spans in
            // Full while the collector is slow or down: drop the newest, O(1) on the data path.
            if spans.count < capacity { spans.append(span) }
        }
    }

    /// Sends what is buffered now.
    public func flush() async {
        let spans = buffer.withLockedValue { spans in
            defer { spans = [] }
            return spans
        }
        guard !spans.isEmpty else { return }
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(spans)))
            let response = try await client.execute(request, timeout: .seconds(5))
            if response.status.code >= 300 { logger.notice("zipkin: \(url) answered \(response.status.code) to \(spans.count) spans") }
        } catch {
            logger.notice("zipkin: could not post \(spans.count) spans to \(url): \(error)")
        }
    }

    /// Flushes and stops the timer.
    public func shutdown() async {
        task.withLockedValue { $0?.cancel() }
        await flush()
    }
}
