import Foundation
import Shakedown
import Testing

/// The acceptance for routing: Bookinfo registered with protocol metadata, rules
/// applied with the real kubectl, answers read with curl.
@Suite(.serialized) struct MeshRoutingTests {
    @Test func rulesAppliedWithKubectlChangeLiveRouting() async throws {
        try await BookinfoMesh.with(registrator: .master) { mesh in
            // No rules: round robin over the three reviews pods.
            var versions = Set<String>()
            for _ in 0..<30 { versions.insert(try mesh.reviewsVersion()) }
            #expect(versions == ["v1", "v2", "v3"])

            try mesh.kubectlApply(fixture: "destination-rule-all.yaml")
            try mesh.kubectlApply(fixture: "virtual-service-all-v1.yaml")
            _ = try mesh.awaitReviews("v1", inARow: 12)

            try mesh.kubectlApply(fixture: "virtual-service-reviews-test-v2.yaml")
            let jar = FileManager.default.temporaryDirectory.appendingPathComponent("jason-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: jar) }
            _ = try mesh.curl(["-c", jar, "-o", "/dev/null", "-d", "username=jason", "-d", "passwd=", mesh.productpage("/login")])
            _ = try mesh.awaitReviews("v2", inARow: 8, cookieJar: jar)
            for _ in 0..<8 { #expect(try mesh.reviewsVersion() == "v1") }

            let yaml = try mesh.kubectl(["get", "virtualservice", "reviews", "-o", "yaml"])
            #expect(yaml.status == 0)
            #expect(yaml.output.contains("jason"))

            // Deleting the rules brings back the split.
            let deleted = try mesh.kubectl([
                "delete", "-f", PackagePaths.root.appendingPathComponent("Fixtures/istio/virtual-service-reviews-test-v2.yaml").path,
            ])
            #expect(deleted.status == 0, "\(deleted.output)")
            let missing = try mesh.kubectl(["get", "virtualservice", "reviews"])
            #expect(missing.status != 0)
            #expect(missing.output.contains("NotFound"))
        }
    }

    @Test func aProductpageRequestLeavesSpansOfEveryHop() async throws {
        try await BookinfoMesh.with(registrator: .master) { mesh in
            // Route reviews to v3 so that the trace has the ratings hop too.
            try mesh.kubectlApply(fixture: "destination-rule-all.yaml")
            try mesh.kubectlApply(fixture: "virtual-service-reviews-v3.yaml")
            _ = try mesh.awaitReviews("v3", inARow: 4)
            let requestID = UUID().uuidString.lowercased()
            let page = try mesh.curl(["-H", "x-request-id: \(requestID)", mesh.productpage("/productpage")])
            #expect(page.contains("Reviewer1"))

            // Inbound at productpage; productpage out to details and reviews; their inbounds;
            // reviews out to ratings and ratings' inbound. Productpage's inbound span ends last
            // (after curl has its answer), so poll until every hop is in, not a count of services.
            let expected: Set<String> = [
                "productpage SERVER", "productpage CLIENT", "details SERVER", "reviews SERVER", "reviews CLIENT", "ratings SERVER",
            ]
            var spans: [[String: Any]] = []
            var hops = Set<String>()
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                let body = try mesh.curl(["\(mesh.plan.tracingURL)/api/v2/traces?serviceName=productpage&limit=50"])
                let traces = (try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[[String: Any]]]) ?? []
                spans = traces.first { trace in
                    trace.contains { (($0["tags"] as? [String: String])?["guid:x-request-id"]) == requestID }
                } ?? []
                hops = Set(spans.compactMap { span -> String? in
                    guard let service = (span["localEndpoint"] as? [String: Any])?["serviceName"] as? String,
                        let kind = span["kind"] as? String
                    else { return nil }
                    return "\(service) \(kind)"
                })
                if hops.isSuperset(of: expected) { break }
                Thread.sleep(forTimeInterval: 0.2)
            }
            #expect(hops.isSuperset(of: expected), "spans: \(spans)")
            let traceIDs = Set(spans.compactMap { $0["traceId"] as? String })
            #expect(traceIDs.count == 1)
        }
    }
}
