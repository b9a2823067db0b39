import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Mesh
import NIOCore
import Testing

/// The registry's HTTP answers, through Hummingbird's in-process test client.
@Suite struct ConsulHTTPAPITests {
    struct Reply {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var text: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
        var index: Int? { headers[HTTPField.Name("X-Consul-Index")!].flatMap { Int($0) } }
    }

    static func withAPI(_ body: @Sendable (ConsulRegistry, any TestClientProtocol) async throws -> Void) async throws {
        let registry = ConsulRegistry()
        let app = Application(router: ConsulHTTPAPI(registry: registry).router())
        try await app.test(.router) { client in try await body(registry, client) }
    }

    static func send(_ client: any TestClientProtocol, _ method: HTTPRequest.Method, _ path: String, _ body: String? = nil) async throws -> Reply {
        try await client.execute(uri: path, method: method, headers: [:], body: body.map { ByteBuffer(string: $0) }) { response in
            Reply(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }

    static let detailsBody = #"{"ID":"shakedown:details-v1:9080","Name":"details","Tags":["version|v1"],"Address":"127.0.100.1","Port":9080,"Meta":{"protocol":"http"}}"#

    @Test func registerThenReadTheCatalog() async throws {
        try await Self.withAPI { _, client in
            let registered = try await Self.send(client, .put, "/v1/agent/service/register", Self.detailsBody)
            #expect(registered.status == .ok)
            // registrator latest: no Meta at all.
            let ratings = #"{"ID":"shakedown:ratings-v1:9080","Name":"ratings","Tags":["version|v1"],"Address":"127.0.100.2","Port":9080}"#
            #expect(try await Self.send(client, .put, "/v1/agent/service/register", ratings).status == .ok)

            let services = try await Self.send(client, .get, "/v1/catalog/services")
            #expect(services.status == .ok)
            #expect(services.index == 3)
            #expect(services.json as? [String: [String]] == ["details": ["version|v1"], "ratings": ["version|v1"]])

            let details = try await Self.send(client, .get, "/v1/catalog/service/details")
            #expect(details.index == 3)
            let rows = try #require(details.json as? [[String: Any]])
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(row["Node"] as? String == "shakedown")
            #expect(row["Address"] as? String == "127.0.0.1")
            #expect(row["Datacenter"] as? String == "dc1")
            #expect(row["ServiceID"] as? String == "shakedown:details-v1:9080")
            #expect(row["ServiceName"] as? String == "details")
            #expect(row["ServiceAddress"] as? String == "127.0.100.1")
            #expect(row["ServicePort"] as? Int == 9080)
            #expect(row["ServiceTags"] as? [String] == ["version|v1"])
            #expect(row["ServiceMeta"] as? [String: String] == ["protocol": "http"])
            #expect(row["CreateIndex"] as? Int == 2 && row["ModifyIndex"] as? Int == 2)
            // The shared model reads the answer.
            let decoded = try JSONDecoder().decode([ConsulCatalogService].self, from: Data(details.text.utf8))
            #expect(decoded.first?.serviceMeta == ["protocol": "http"])

            let ratingsRows = try await Self.send(client, .get, "/v1/catalog/service/ratings")
            #expect(ratingsRows.text.contains(#""ServiceMeta":null"#))
            #expect(try JSONDecoder().decode([ConsulCatalogService].self, from: Data(ratingsRows.text.utf8)).first?.serviceMeta == [:])
        }
    }

    @Test func tagFilterAndUnknownService() async throws {
        try await Self.withAPI { _, client in
            for version in ["v1", "v2"] {
                let body = #"{"ID":"reviews-\#(version)","Name":"reviews","Tags":["version|\#(version)"],"Port":9080}"#
                #expect(try await Self.send(client, .put, "/v1/agent/service/register", body).status == .ok)
            }
            let v2 = try await Self.send(client, .get, "/v1/catalog/service/reviews?tag=version%7Cv2")
            #expect((v2.json as? [[String: Any]])?.compactMap { $0["ServiceID"] as? String } == ["reviews-v2"])
            let unknown = try await Self.send(client, .get, "/v1/catalog/service/nothing")
            #expect(unknown.status == .ok)
            #expect(unknown.text == "[]")
            #expect(unknown.index == 3)
        }
    }

    @Test func agentServicesAndLeader() async throws {
        try await Self.withAPI { _, client in
            _ = try await Self.send(client, .put, "/v1/agent/service/register", #"{"name":"ratings","port":9080}"#)
            let services = try await Self.send(client, .get, "/v1/agent/services")
            let ratings = try #require((services.json as? [String: [String: Any]])?["ratings"])
            #expect(ratings["ID"] as? String == "ratings")
            #expect(ratings["Service"] as? String == "ratings")
            #expect(ratings["Port"] as? Int == 9080)
            #expect(ratings["Tags"] as? [String] == [])
            let leader = try await Self.send(client, .get, "/v1/status/leader")
            #expect(leader.text == #""127.0.0.1:8300""#)
        }
    }

    @Test func deregisterRemovesAndIsIdempotent() async throws {
        try await Self.withAPI { registry, client in
            _ = try await Self.send(client, .put, "/v1/agent/service/register", Self.detailsBody)
            let removed = try await Self.send(client, .put, "/v1/agent/service/deregister/shakedown:details-v1:9080")
            #expect(removed.status == .ok)
            #expect(registry.index == 3)
            let again = try await Self.send(client, .put, "/v1/agent/service/deregister/shakedown%3Adetails-v1%3A9080")
            #expect(again.status == .ok)
            #expect(registry.index == 3)
            #expect(try await Self.send(client, .get, "/v1/catalog/services").text == "{}")
        }
    }

    @Test func badInputIsRefusedWithConsulsWords() async throws {
        try await Self.withAPI { registry, client in
            let broken = try await Self.send(client, .put, "/v1/agent/service/register", #"{"Name": "x","#)
            #expect(broken.status == .badRequest)
            #expect(broken.text == "Request decode failed: invalid JSON: Unexpected end of file during JSON parse.", "\(broken.text)")
            let empty = try await Self.send(client, .put, "/v1/agent/service/register", "")
            #expect(empty.status == .badRequest && empty.text == "Request decode failed: EOF")
            let wrongType = try await Self.send(client, .put, "/v1/agent/service/register", #"{"Name":"x","Port":"9080"}"#)
            #expect(wrongType.status == .badRequest && wrongType.text == "Request decode failed: Port: expected a number", "\(wrongType.text)")
            let notObject = try await Self.send(client, .put, "/v1/agent/service/register", "[1]")
            #expect(notObject.status == .badRequest && notObject.text.hasPrefix("Request decode failed: document: expected"), "\(notObject.text)")
            let nameless = try await Self.send(client, .put, "/v1/agent/service/register", #"{"Port":1}"#)
            #expect(nameless.status == .badRequest && nameless.text == "Missing service name")
            let anyAddress = try await Self.send(client, .put, "/v1/agent/service/register", #"{"Name":"x","Address":"0.0.0.0"}"#)
            #expect(anyAddress.status == .badRequest && anyAddress.text == "Invalid service address")
            let badIndex = try await Self.send(client, .get, "/v1/catalog/services?index=abc")
            #expect(badIndex.status == .badRequest && badIndex.text.hasPrefix("Invalid index"))
            let badWait = try await Self.send(client, .get, "/v1/catalog/service/x?index=1&wait=5parsecs")
            #expect(badWait.status == .badRequest && badWait.text == #"Invalid wait time: time: unknown unit "parsecs" in duration "5parsecs""#)
            #expect(registry.index == 1)
        }
    }

    @Test func blockingQueryWakesOnChangeAndTimesOut() async throws {
        try await Self.withAPI { registry, client in
            async let blocked = Self.send(client, .get, "/v1/catalog/service/details?index=1&wait=60s")
            #expect(await eventually { registry.waitingQueries == 1 })
            _ = try await Self.send(client, .put, "/v1/agent/service/register", Self.detailsBody)
            let answer = try await blocked
            #expect(answer.index == 2)
            #expect((answer.json as? [[String: Any]])?.count == 1)

            let timedOut = try await Self.send(client, .get, "/v1/catalog/services?index=2&wait=20ms")
            #expect(timedOut.status == .ok && timedOut.index == 2)
        }
    }
}
