import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

@testable import Mesh

/// The API over real HTTP, server on port 0.
@Suite struct ConfigAPIHTTPTests {
    struct Reply {
        var status: Int
        var body: JSONValue
        var headers: HTTPHeaders
    }

    static let collection = "/apis/networking.istio.io/v1alpha3/namespaces/default/virtualservices"

    func call(_ server: RunningConfigAPI, _ method: HTTPMethod, _ path: String, body: String? = nil,
              contentType: String = "application/json", accept: String = "application/json") async throws -> Reply {
        var request = HTTPClientRequest(url: server.url + path)
        request.method = method
        request.headers.add(name: "Accept", value: accept)
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let buffer = try await response.body.collect(upTo: 1 << 20)
        return Reply(status: Int(response.status.code), body: try JSONCoding.parse(Data(buffer.readableBytesView)), headers: response.headers)
    }

    func reviews(hosts: String = #"["reviews.service.consul"]"#, extra: String = "") -> String {
        #"{"apiVersion":"networking.istio.io/v1alpha3","kind":"VirtualService","metadata":{"name":"reviews"\#(extra)},"spec":{"hosts":\#(hosts),"http":[{"route":[{"destination":{"host":"reviews.service.consul","subset":"v1"}}]}]}}"#
    }

    @Test func discoveryNamesTheKindsWithShortNames() async throws {
        try await RunningConfigAPI.with { server in
        let groups = try await call(server, .GET, "/apis")
        #expect(groups.body["groups"]?.arrayValue?.first?["name"] == "networking.istio.io")
        let resources = try await call(server, .GET, "/apis/networking.istio.io/v1alpha3")
        let names = resources.body["resources"]?.arrayValue?.map { ($0["name"]?.stringValue ?? "", $0["shortNames"] ?? .null) }
        #expect(names?.map(\.0) == ["virtualservices", "destinationrules"])
        #expect(names?.map(\.1) == [["vs"], ["dr"]])
        #expect(try await call(server, .GET, "/version").body["major"] == "1")
        #expect(try await call(server, .GET, "/apis/nothing/here").status == 404)
        }
    }

    @Test func createGetReplacePatchDelete() async throws {
        try await RunningConfigAPI.with { server in
        let created = try await call(server, .POST, Self.collection + "?fieldValidation=Strict", body: reviews())
        #expect(created.status == 201)
        #expect(try await call(server, .POST, Self.collection, body: reviews()).body["reason"] == "AlreadyExists")
        let path = Self.collection + "/reviews"
        let got = try await call(server, .GET, path)
        #expect(got.body == created.body)

        // PUT with the current resourceVersion succeeds, the same (now stale) one again conflicts.
        let version = got.body["metadata"]?["resourceVersion"]?.stringValue ?? ""
        let replaced = try await call(server, .PUT, path, body: reviews(hosts: #"["reviews.service.consul","reviews"]"#, extra: #","resourceVersion":"\#(version)""#))
        #expect(replaced.status == 200)
        #expect(replaced.body["metadata"]?["generation"] == 2)
        let stale = try await call(server, .PUT, path, body: reviews(extra: #","resourceVersion":"\#(version)""#))
        #expect(stale.status == 409)
        #expect(stale.body["reason"] == "Conflict")

        let merged = try await call(server, .PATCH, path, body: #"{"metadata":{"labels":{"app":"reviews"}},"spec":{"hosts":["reviews"]}}"#,
                                    contentType: "application/merge-patch+json")
        #expect(merged.status == 200)
        #expect(merged.body["spec"]?["hosts"] == ["reviews"])
        #expect(merged.body["metadata"]?["labels"]?["app"] == "reviews")
        let jsonPatched = try await call(server, .PATCH, path, body: #"[{"op":"add","path":"/spec/hosts/-","value":"r2"}]"#,
                                         contentType: "application/json-patch+json")
        #expect(jsonPatched.body["spec"]?["hosts"] == ["reviews", "r2"])
        #expect(server.store.snapshot().virtualServices.first?.spec.hosts == ["reviews", "r2"])
        let strategic = try await call(server, .PATCH, path, body: "{}", contentType: "application/strategic-merge-patch+json")
        #expect(strategic.status == 415)
        let invalidPatch = try await call(server, .PATCH, path + "?fieldValidation=Strict", body: #"{"spec":{"hosts":null,"bogus":1}}"#,
                                          contentType: "application/merge-patch+json")
        #expect(invalidPatch.status == 400)
        #expect(invalidPatch.body["message"]?.stringValue?.hasSuffix(#"unknown field "spec.bogus""#) == true)

        let deleted = try await call(server, .DELETE, path)
        #expect(deleted.body["status"] == "Success")
        let missing = try await call(server, .GET, path)
        #expect(missing.status == 404)
        #expect(missing.body["message"] == #"virtualservices.networking.istio.io "reviews" not found"#)
        }
    }

    @Test func listsByNamespaceClusterWideAndAsTable() async throws {
        try await RunningConfigAPI.with { server in
        _ = try await call(server, .POST, Self.collection, body: reviews())
        _ = try await call(server, .POST, "/apis/networking.istio.io/v1alpha3/namespaces/other/virtualservices", body: reviews())
        let inDefault = try await call(server, .GET, Self.collection)
        #expect(inDefault.body["kind"] == "VirtualServiceList")
        #expect(inDefault.body["items"]?.arrayValue?.count == 1)
        let all = try await call(server, .GET, "/apis/networking.istio.io/v1alpha3/virtualservices")
        #expect(all.body["items"]?.arrayValue?.compactMap { $0["metadata"]?["namespace"]?.stringValue } == ["default", "other"])
        let byName = try await call(server, .GET, "/apis/networking.istio.io/v1alpha3/virtualservices?fieldSelector=metadata.namespace%3Dother")
        #expect(byName.body["items"]?.arrayValue?.count == 1)
        let table = try await call(server, .GET, Self.collection, accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
        #expect(table.body["kind"] == "Table")
        #expect(table.body["rows"]?.arrayValue?.first?["cells"]?.arrayValue?.first == "reviews")
        }
    }

    @Test func malformedBodiesAndUnknownFieldsAreRefused() async throws {
        try await RunningConfigAPI.with { server in
        let malformed = try await call(server, .POST, Self.collection, body: #"{"apiVersion": "#)
        #expect(malformed.status == 400)
        #expect(malformed.body["message"]?.stringValue?.hasPrefix("couldn't get version/kind; json parse error: ") == true)
        let warned = try await call(server, .POST, Self.collection, body: reviews(extra: #","bogus":1"#))
        #expect(warned.status == 201)
        #expect(warned.headers["Warning"].first == #"299 - "unknown field \"metadata.bogus\"""#)
        let namespaceMismatch = try await call(
            server, .POST, Self.collection, body: reviews(extra: #","namespace":"elsewhere""#).replacingOccurrences(of: "reviews\"", with: "r2\""))
        #expect(namespaceMismatch.status == 400)
        }
    }

    @Test func humanDurationMatchesKubectl() {
        #expect(ResourceTable.humanDuration(45) == "45s")
        #expect(ResourceTable.humanDuration(330) == "5m30s")
        #expect(ResourceTable.humanDuration(40 * 60) == "40m")
        #expect(ResourceTable.humanDuration(3 * 3600 + 300) == "3h5m")
        #expect(ResourceTable.humanDuration(40 * 3600) == "40h")
        #expect(ResourceTable.humanDuration(3 * 86400 + 5 * 3600) == "3d5h")
    }
}
