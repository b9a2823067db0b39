import Hummingbird
import NIOCore

/// One Bookinfo service's behaviour: a request in, the original's response out. Services
/// never throw: every failure the original answered (404 pages, error JSON, 500 pages) is a
/// response.
public protocol BookinfoService: Sendable {
    func respond(to request: IncomingRequest) async -> Response
}

/// Serves a `BookinfoService` with Hummingbird: collects the body and hands the request over.
public struct BookinfoResponder<Service: BookinfoService>: HTTPResponder {
    public typealias Context = BookinfoRequestContext
    let service: Service
    /// Larger bodies are refused with 413 (the services only take small forms and JSON).
    static var maxBodySize: Int { 1 << 20 }

    public init(service: Service) { self.service = service }

    public func respond(to request: Request, context: Context) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxBodySize)
        } catch {
            return Response(status: .contentTooLarge)
        }
        let target = request.head.path ?? "/"
        let incoming = IncomingRequest(
            method: request.method, target: target, headers: request.headers, authority: request.head.authority, body: body,
            localHost: context.localAddress?.ipAddress, localPort: context.localAddress?.port)
        return await service.respond(to: incoming)
    }
}

extension Response {
    /// A complete response with a text body and the given content type.
    static func text(
        _ body: String, status: HTTPResponse.Status = .ok, contentType: String?, headers: HTTPFields = [:]
    ) -> Response {
        var fields = headers
        if let contentType { fields[.contentType] = contentType }
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
