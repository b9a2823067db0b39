import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

@testable import Mesh

/// Helpers shared by the Bookinfo tests: calling a service without a socket, reading a
/// response, the page fixtures, and HTTP over sockets.
enum BookinfoTest {
    static let logger: Logger = {
        var logger = Logger(label: "bookinfo-test")
        logger.logLevel = .warning
        return logger
    }()

    static func request(
        _ target: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:], authority: String? = nil, body: String = ""
    ) -> IncomingRequest {
        IncomingRequest(
            method: method, target: target, headers: headers, authority: authority, body: ByteBuffer(string: body), localHost: "127.0.0.9",
            localPort: 19080)
    }

    static func body(_ response: Response) async throws -> String {
        let writer = CollectingWriter()
        try await response.body.write(writer)
        return String(buffer: writer.buffer.withLockedValue { $0 })
    }

    /// A page istio 1.1.0's productpage rendered (Jinja2 from the original templates).
    static func fixture(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("Fixtures/bookinfo/\(name)"), encoding: .utf8)
    }

    struct Fetched {
        var status: Int
        var headers: [(String, String)]
        var body: String

        func header(_ name: String) -> String? {
            headers.first(where: { $0.0.lowercased() == name.lowercased() })?.1
        }
    }

    static func fetch(
        _ url: String, method: HTTPMethod = .GET, headers: [(String, String)] = [], body: String? = nil
    ) async throws -> Fetched {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let collected = try await response.body.collect(upTo: 1 << 20)
        return Fetched(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: String(buffer: collected))
    }
}

/// Collects a response body written by Hummingbird.
final class CollectingWriter: ResponseBodyWriter, Sendable {
    let buffer = NIOLockedValueBox(ByteBuffer())

    func write(_ buffer: ByteBuffer) async throws {
        _ = self.buffer.withLockedValue { $0.writeImmutableBuffer(buffer) }
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Wraps a real service and records the headers of every request it serves, so a test can
/// check what an app forwarded to its upstream.
final class RecordingService<Inner: BookinfoService>: BookinfoService {
    let inner: Inner
    let seen = NIOLockedValueBox<[IncomingRequest]>([])

    init(_ inner: Inner) { self.inner = inner }

    func respond(to request: IncomingRequest) async -> Response {
        seen.withLockedValue { $0.append(request) }
        return await inner.respond(to: request)
    }

    var requests: [IncomingRequest] { seen.withLockedValue { $0 } }
}

/// An upstream that answers nothing within the caller's timeout: a hung service. By default
/// it answers only when its server stops (which cancels the wait), so a caller's timeout can
/// be generous without the test sleeping for a fixed time.
struct HungService: BookinfoService {
    var delay: Duration = .seconds(3600)

    func respond(to request: IncomingRequest) async -> Response {
        try? await Task.sleep(for: delay)
        return Response(status: .ok)
    }
}
