import Foundation
import Hummingbird
import HummingbirdTesting
import Mesh
import NIOCore
import Testing

/// The collector's HTTP API through Hummingbird's in-process test client.
@Suite struct ZipkinHTTPAPITests {
    static func withAPI(_ body: @Sendable (ZipkinCollector, any TestClientProtocol) async throws -> Void) async throws {
        let collector = ZipkinCollector()
        try await Application(router: ZipkinHTTPAPI(collector: collector).router()).test(.router) { try await body(collector, $0) }
    }

    static func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, _ body: String? = nil,
                     contentType: String = "application/json") async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: path, method: method, headers: [.contentType: contentType], body: body.map { ByteBuffer(string: $0) }) {
            ($0.status, String(buffer: $0.body))
        }
    }

    /// A productpage → reviews hop: the client side and the server side share the span id.
    static let hop = """
        [{"traceId":"5af7183fb1d4cf5f","id":"6b221d5bc9e6496c","name":"reviews.service.consul:9080/*","kind":"CLIENT","timestamp":\(now),"duration":2000,"localEndpoint":{"serviceName":"productpage"},"tags":{"http.method":"GET"}},
         {"traceId":"5af7183fb1d4cf5f","id":"6b221d5bc9e6496c","name":"reviews.service.consul:9080/*","kind":"SERVER","shared":true,"timestamp":\(now + 100),"duration":1500,"localEndpoint":{"serviceName":"Reviews"}}]
        """
    static var now: Int64 { Int64(Date().timeIntervalSince1970 * 1_000_000) }

    @Test func postThenQuery() async throws {
        try await Self.withAPI { _, client in
            #expect(try await Self.send(client, .post, "/api/v2/spans", Self.hop).0 == .accepted)
            #expect(try await Self.send(client, .get, "/api/v2/services").1 == #"["productpage","reviews"]"#)
            #expect(try await Self.send(client, .get, "/api/v2/spans?serviceName=reviews").1 == #"["reviews.service.consul:9080/*"]"#)

            let (status, text) = try await Self.send(client, .get, "/api/v2/trace/5af7183fb1d4cf5f")
            #expect(status == .ok)
            let spans = try JSONDecoder().decode([ZipkinSpan].self, from: Data(text.utf8))
            #expect(spans.map(\.kind) == [.client, .server])
            #expect(spans[1].shared == true)

            let traces = try await Self.send(client, .get, "/api/v2/traces?serviceName=productpage&limit=10")
            let decoded = try JSONDecoder().decode([[ZipkinSpan]].self, from: Data(traces.1.utf8))
            #expect(decoded.count == 1 && decoded[0].count == 2)
            #expect(try await Self.send(client, .get, "/api/v2/traces?serviceName=ratings").1 == "[]")
        }
    }

    @Test func refusesBadBatchesWithTheReason() async throws {
        try await Self.withAPI { collector, client in
            let broken = try await Self.send(client, .post, "/api/v2/spans", "[{")
            #expect(broken.0 == .badRequest && broken.1.contains("invalid JSON"), "\(broken.1)")
            let noTrace = try await Self.send(client, .post, "/api/v2/spans", #"[{"id":"0000000000000001"}]"#)
            #expect(noTrace.0 == .badRequest && noTrace.1.hasSuffix("missing [0].traceId"), "\(noTrace.1)")
            let badID = try await Self.send(client, .post, "/api/v2/spans", #"[{"traceId":"00000000000000a1","id":"00000000000000a1"},{"traceId":"a1","id":"XYZ"}]"#)
            #expect(badID.0 == .badRequest && badID.1 == #"[1].id: "XYZ" is not 1 to 16 lower-hex digits"#, "\(badID.1)")
            let notArray = try await Self.send(client, .post, "/api/v2/spans", #"{"traceId":"a1","id":"a1"}"#)
            #expect(notArray.0 == .badRequest)
            #expect(try await Self.send(client, .post, "/api/v2/spans", "").0 == .badRequest)
            #expect(try await Self.send(client, .post, "/api/v2/spans", "x", contentType: "application/x-protobuf").0 == .unsupportedMediaType)
            // A refused batch stores nothing, not even its valid spans.
            #expect(collector.read(\.count) == 0)
        }
    }

    @Test func queriesRefuseBadParametersAndUnknownTraces() async throws {
        try await Self.withAPI { _, client in
            let unknown = try await Self.send(client, .get, "/api/v2/trace/00000000000000ff")
            #expect(unknown.0 == .notFound)
            #expect(try await Self.send(client, .get, "/api/v2/spans").0 == .badRequest)
            let badLimit = try await Self.send(client, .get, "/api/v2/traces?limit=ten")
            #expect(badLimit.0 == .badRequest && badLimit.1 == #"limit should be a positive number, not "ten""#)
        }
    }
}
