import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore

/// Sends spans to a Zipkin collector the way Envoy's tracer does: `report` only queues (never
/// blocks, never fails), a background loop POSTs the queue as JSON v2 batches every
/// `flushInterval`. Spans that cannot be delivered — queue full, collector down or refusing —
/// are dropped and counted, so tracing trouble never slows requests.
public final class ZipkinReporter: Sendable {
    /// Queued spans beyond this are dropped (a collector that is down must not grow memory).
    public static let maximumQueued = 10_000
    static let batchSize = 1_000
    /// AsyncHTTPClient retries refused connections until the deadline, so this is also how
    /// long a collector that is down holds up a flush (and shutdown).
    static let postTimeout: TimeAmount = .seconds(2)

    /// Spans are queued already written as JSON, in batches of up to `batchSize`: no copy of
    /// a span's parts outlives `report`.
    private struct State {
        var batches: [(json: ByteBuffer, count: Int)] = []
        var queued = 0
        var sent = 0
        var dropped = 0
        var lastError: String?
        var isShutDown = false

        mutating func append(_ span: some ZipkinJSONWritable) {
            if batches.isEmpty || batches[batches.count - 1].count >= ZipkinReporter.batchSize {
                var json = ByteBuffer()
                json.writeStaticString("[")
                batches.append((json, 0))
            }
            let last = batches.count - 1
            if batches[last].count > 0 { batches[last].json.writeStaticString(",") }
            span.writeJSON(into: &batches[last].json)
            batches[last].count += 1
            queued += 1
        }
    }

    /// Where batches go and how; what the background loop needs, without the reporter itself.
    private struct Sender: Sendable {
        var url: String
        var httpClient: HTTPClient
        var state: NIOLockedValueBox<State>

        /// POSTs everything queued, a batch at a time. After a failed batch the rest queued is
        /// dropped too: a collector that is down would make every batch wait for its timeout.
        func flush() async {
            while true {
                let batch: (json: ByteBuffer, count: Int)? = state.withLockedValue { state in
                    guard !state.batches.isEmpty else { return nil }
                    let batch = state.batches.removeFirst()
                    state.queued -= batch.count
                    return batch
                }
                guard var (json, count) = batch else { return }
                json.writeStaticString("]")
                let failure = await post(json)
                let stop: Bool = state.withLockedValue { state in
                    guard let failure else {
                        state.sent += count
                        return false
                    }
                    state.dropped += count + state.queued
                    state.batches.removeAll()
                    state.queued = 0
                    state.lastError = failure
                    return true
                }
                if stop { return }
            }
        }

        /// Nil when the collector took the batch, else why not.
        private func post(_ json: ByteBuffer) async -> String? {
            do {
                var request = HTTPClientRequest(url: url)
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(json)
                let response = try await httpClient.execute(request, timeout: ZipkinReporter.postTimeout)
                let body = try await response.body.collect(upTo: 64 << 10)
                guard (200..<300).contains(response.status.code) else {
                    return "POST \(url): HTTP \(response.status.code): \(String(buffer: body))"
                }
                return nil
            } catch {
                return "POST \(url): \(error)"
            }
        }
    }

    private let state = NIOLockedValueBox(State())
    private let sender: Sender
    private let loop: Task<Void, Never>

    /// `collectorURL` is the collector's base (`http://127.0.0.1:9411`) or its full span URL.
    public init(collectorURL: String, httpClient: HTTPClient = .shared, flushInterval: Duration = .milliseconds(200)) {
        var url = collectorURL
        if !url.hasSuffix("/api/v2/spans") {
            if url.hasSuffix("/") { url.removeLast() }
            url += "/api/v2/spans"
        }
        let sender = Sender(url: url, httpClient: httpClient, state: state)
        self.sender = sender
        loop = Task {
            while true {
                do { try await Task.sleep(for: flushInterval) } catch { return }
                // Unstructured so that shutdown's cancellation stops the sleep, not a POST.
                await Task { await sender.flush() }.value
            }
        }
    }

    deinit {
        loop.cancel()
    }

    /// Queues a span for the next batch; drops it (counted) when the queue is full or the
    /// reporter is shut down.
    public func report(_ span: some ZipkinJSONWritable) {
        state.withLockedValue { state in
            if state.isShutDown || state.queued >= Self.maximumQueued {
                state.dropped += 1
            } else {
                state.append(span)
            }
        }
    }

    /// Stops the loop after sending what is queued.
    public func shutdown() async {
        state.withLockedValue { $0.isShutDown = true }
        loop.cancel()
        await loop.value
        await sender.flush()
    }

    /// Spans the collector accepted.
    public var sentSpans: Int { state.withLockedValue(\.sent) }
    /// Spans given up: queue full, after shutdown, or a batch the collector did not take.
    public var droppedSpans: Int { state.withLockedValue(\.dropped) }
    /// Spans waiting for the next batch.
    public var queuedSpans: Int { state.withLockedValue(\.queued) }
    /// The last delivery failure, for logs and admin pages.
    public var lastError: String? { state.withLockedValue(\.lastError) }
}
