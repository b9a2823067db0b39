import Foundation
import Testing

@testable import Mesh

@Suite struct IstioConfigStoreTests {
    func admitted(_ name: String, hosts: [String] = ["reviews.service.consul"], resourceVersion: String? = nil) throws -> AdmittedObject {
        let version = resourceVersion.map { #","resourceVersion":"\#($0)""# } ?? ""
        let hostList = hosts.map { "\"\($0)\"" }.joined(separator: ",")
        let body = try ConfigAPITestSupport.json(
            #"{"apiVersion":"networking.istio.io/v1alpha3","kind":"VirtualService","metadata":{"name":"\#(name)"\#(version)},"spec":{"hosts":[\#(hostList)],"http":[{"route":[{"destination":{"host":"\#(hosts[0])"}}]}]}}"#)
        return try IstioAdmission.admit(body, as: .virtualService, fieldValidation: .strict)
    }

    @discardableResult
    func put(_ store: IstioConfigStore, _ name: String, hosts: [String] = ["reviews.service.consul"], resourceVersion: String? = nil) throws -> JSONValue {
        let object = try admitted(name, hosts: hosts, resourceVersion: resourceVersion)
        return try store.write(key(name)) { _ in .put(object) }
    }

    func delete(_ store: IstioConfigStore, _ name: String) throws {
        _ = try store.write(key(name)) { _ in .delete }
    }

    func key(_ name: String) -> ObjectKey { ObjectKey(kind: .virtualService, namespace: "default", name: name) }

    @Test func writesSetMetadataAndSnapshotKeepsCreationOrder() throws {
        let store = try IstioConfigStore(directory: try ConfigAPITestSupport.temporaryDirectory())
        let first = try put(store, "reviews")
        _ = try put(store, "details", hosts: ["details.service.consul"])
        #expect(first["metadata"]?["resourceVersion"] == "1")
        #expect(first["metadata"]?["generation"] == 1)
        #expect(first["metadata"]?["uid"]?.stringValue?.count == 36)
        let updated = try put(store, "reviews", hosts: ["reviews", "r2"])
        #expect(updated["metadata"]?["resourceVersion"] == "3")
        #expect(updated["metadata"]?["generation"] == 2)
        #expect(updated["metadata"]?["uid"] == first["metadata"]?["uid"])
        let snapshot = store.snapshot()
        #expect(snapshot.virtualServices.map(\.name) == ["reviews", "details"])
        #expect(snapshot.virtualServices.map(\.creationIndex) == [1, 2])
        #expect(snapshot.virtualServices.first?.spec.hosts == ["reviews", "r2"])
    }

    @Test func staleResourceVersionIsAConflict() throws {
        let store = try IstioConfigStore(directory: try ConfigAPITestSupport.temporaryDirectory())
        _ = try put(store, "reviews")
        _ = try put(store, "reviews", resourceVersion: "1")
        #expect(throws: APIError.conflict(.virtualService, "reviews")) {
            try put(store, "reviews", resourceVersion: "1")
        }
    }

    @Test func configSurvivesReopeningTheDirectory() throws {
        let directory = try ConfigAPITestSupport.temporaryDirectory()
        let store = try IstioConfigStore(directory: directory)
        _ = try put(store, "reviews")
        _ = try put(store, "details", hosts: ["details.service.consul"])
        try delete(store, "details")
        let reopened = try IstioConfigStore(directory: directory)
        #expect(reopened.snapshot() == store.snapshot())
        #expect(reopened.get(key("reviews")) == store.get(key("reviews")))
        let next = try put(reopened, "ratings", hosts: ["ratings"])
        #expect(next["metadata"]?["resourceVersion"] == "4")
        #expect(reopened.snapshot().virtualServices.map(\.creationIndex) == [1, 3])
    }

    @Test func corruptFileIsAnErrorNamingIt() throws {
        let directory = try ConfigAPITestSupport.temporaryDirectory()
        let file = directory.appendingPathComponent("istio-config.json")
        try Data(#"{"resourceVersion": 3, "nextCreationIndex": 1, "objects": [{"kind": "Gateway", "creationIndex": 1, "object": {}}]}"#.utf8).write(to: file)
        #expect {
            try IstioConfigStore(directory: directory)
        } throws: { error in
            let text = "\(error)"
            return text.contains(file.path) && text.contains("objects[0].kind")
        }
        try Data("{not json".utf8).write(to: file)
        #expect {
            try IstioConfigStore(directory: directory)
        } throws: { error in
            "\(error)".hasPrefix("config store file \(file.path): not valid JSON")
        }
    }

    @Test func changesYieldsTheCurrentConfigThenEveryCommit() async throws {
        let store = try IstioConfigStore(directory: try ConfigAPITestSupport.temporaryDirectory())
        var changes = store.changes().makeAsyncIterator()
        #expect(await changes.next()?.virtualServices.isEmpty == true)
        _ = try put(store, "reviews")
        #expect(await changes.next()?.virtualServices.map(\.name) == ["reviews"])
        // A refused write commits nothing and yields nothing; the next commit is what comes.
        #expect(throws: APIError.self) { try delete(store, "nosuch") }
        try delete(store, "reviews")
        #expect(await changes.next()?.virtualServices.isEmpty == true)
    }
}
