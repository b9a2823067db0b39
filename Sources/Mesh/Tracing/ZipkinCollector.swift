import Foundation
import NIOConcurrencyHelpers

/// The collector's shared state: a `ZipkinSpanStore` behind a lock, fed by POSTed batches.
public final class ZipkinCollector: Sendable {
    private let store: NIOLockedValueBox<ZipkinSpanStore>

    public init(capacity: Int = 100_000) {
        store = NIOLockedValueBox(ZipkinSpanStore(capacity: capacity))
    }

    /// A consistent read of the stored spans.
    public func read<T>(_ body: (ZipkinSpanStore) throws -> T) rethrows -> T {
        try store.withLockedValue { try body($0) }
    }

    /// Accepts a `POST /api/v2/spans` body (a JSON array of v2 spans) whole, or refuses it
    /// whole with the reason, naming the span and field (`[1].id: "xyz" is not …`).
    public func accept(json body: Data) throws(ZipkinCollectorError) -> Int {
        let spans: [ZipkinSpan]
        if let read = ZipkinSpanJSONReader.spans(from: body) {
            spans = read
        } else {
            // Whatever the fast path is unsure of: JSONDecoder's answer, and its error message.
            do {
                spans = try JSONDecoder().decode([ZipkinSpan].self, from: body)
            } catch {
                throw ZipkinCollectorError(message: "Expected a JSON_V2 encoded list of spans: \(JSONDecodingProblem.describe(error, in: body))")
            }
        }
        var accepted: [ZipkinSpan] = []
        accepted.reserveCapacity(spans.count)
        for (index, span) in spans.enumerated() {
            switch span.normalized() {
            case .success(let span): accepted.append(span)
            case .failure(let problem): throw ZipkinCollectorError(message: "[\(index)].\(problem.field): \(problem.reason)")
            }
        }
        store.withLockedValue { store in accepted.forEach { store.add($0) } }
        return accepted.count
    }
}

/// A refused batch; the message is the 400 answer's body.
public struct ZipkinCollectorError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
