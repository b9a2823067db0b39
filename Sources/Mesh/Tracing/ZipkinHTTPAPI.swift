import Foundation
import Hummingbird

/// Zipkin's v2 HTTP API over a `ZipkinCollector`: span intake and the queries its UI makes.
public struct ZipkinHTTPAPI: Sendable {
    public let collector: ZipkinCollector
    static let maximumBodyBytes = 16 << 20

    public init(collector: ZipkinCollector) {
        self.collector = collector
    }

    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.post("api/v2/spans") { request, _ in await self.postSpans(request) }
        router.get("api/v2/services") { _, _ in Self.json(self.collector.read { $0.serviceNames() }) }
        router.get("api/v2/spans") { request, _ in self.spanNames(request) }
        router.get("api/v2/traces") { request, _ in self.traces(request) }
        router.get("api/v2/trace/:traceId") { _, context in self.trace(context.parameters.get("traceId") ?? "") }
        return router
    }

    private func postSpans(_ request: Request) async -> Response {
        // JSON only: the sidecars report JSON v2 (Zipkin also takes protobuf and Thrift).
        if let type = request.headers[.contentType], !type.lowercased().contains("json") {
            return Self.text(.unsupportedMediaType, "Unsupported Content-Type \(type): this collector reads application/json (JSON_V2)")
        }
        if let encoding = request.headers[.contentEncoding], encoding.lowercased() != "identity" {
            return Self.text(.unsupportedMediaType, "Unsupported Content-Encoding \(encoding)")
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maximumBodyBytes)
        } catch {
            return Self.text(.contentTooLarge, "POST body larger than \(Self.maximumBodyBytes) bytes")
        }
        if body.readableBytes == 0 { return Self.text(.badRequest, "Empty POST body: expected a JSON array of spans") }
        do {
            _ = try collector.accept(json: Data(body.readableBytesView))
            return Response(status: .accepted)
        } catch {
            return Self.text(.badRequest, error.message)
        }
    }

    private func spanNames(_ request: Request) -> Response {
        guard let service = request.uri.queryParameters["serviceName"], !service.isEmpty else {
            return Self.text(.badRequest, "serviceName is required")
        }
        return Self.json(collector.read { $0.spanNames(service: String(service)) })
    }

    private func traces(_ request: Request) -> Response {
        var parameters: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { parameters[String(key)] = String(value) }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        do {
            let query = try ZipkinTraceQuery.parse(parameters, now: now)
            return Self.json(collector.read { $0.traces(query) })
        } catch {
            return Self.text(.badRequest, error.message)
        }
    }

    private func trace(_ traceId: String) -> Response {
        guard let spans = collector.read({ $0.trace(traceId) }) else { return Self.text(.notFound, "\(traceId) not found") }
        return Self.json(spans)
    }

    static func json<T: Encodable>(_ value: T) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
        } catch {
            return text(.internalServerError, "encoding the answer failed: \(error)")
        }
    }

    static func text(_ status: HTTPResponse.Status, _ message: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: ResponseBody(byteBuffer: ByteBuffer(string: message)))
    }
}
