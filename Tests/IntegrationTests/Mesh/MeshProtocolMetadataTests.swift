import Foundation
import Shakedown
import Testing

/// The seed's fault: registrator `latest` writes no ServiceMeta, Pilot sees TCP on 9080, and
/// the first registered service (details) takes every request on that port.
@Suite(.serialized) struct MeshProtocolMetadataTests {
    @Test func withoutProtocolMetadataPort9080BelongsToTheFirstRegisteredService() async throws {
        try await BookinfoMesh.with(registrator: .latest) { mesh in
            let productpage = try mesh.pod("productpage-v1")
            let dump = try mesh.curl(["http://\(productpage.ip):\(MeshPlan.adminPort)/config_dump"])
            let listener = try #require(Self.listener(named: "0.0.0.0_9080", in: dump), "no 0.0.0.0_9080 in \(dump.prefix(2000))")
            let filters = ((listener["filter_chains"] as? [[String: Any]])?.first?["filters"] as? [[String: Any]]) ?? []
            #expect(filters.first?["name"] as? String == "envoy.tcp_proxy")
            let config = filters.first?["typed_config"] as? [String: Any]
            #expect(config?["cluster"] as? String == "outbound|9080||details.service.consul")

            // From the ratings pod, as the seed did with `docker exec ... curl`.
            let ratings = try mesh.pod("ratings-v1")
            let proxy = "http://\(ratings.ip):\(MeshPlan.proxyPort)"
            let notFound = try mesh.curl(["-x", proxy, "http://reviews.service.consul:9080/reviews/0"])
            #expect(notFound.contains("`/reviews/0' not found."), "\(notFound)")
            let details = try mesh.curl(["-x", proxy, "http://reviews.service.consul:9080/details/0"])
            #expect(details.contains("\"author\":\"William Shakespeare\""), "\(details)")

            // The page: details render, reviews are the failing part, as in the seed's screenshot.
            let page = try mesh.curl([mesh.productpage("/productpage")])
            #expect(page.contains("Sorry, product reviews are currently unavailable for this book."))
            #expect(page.contains("PublisherA"))
        }
    }

    @Test func withProtocolMetadataPort9080IsAnHTTPListenerRoutedByHost() async throws {
        try await BookinfoMesh.with(registrator: .master) { mesh in
            let ratings = try mesh.pod("ratings-v1")
            let dump = try mesh.curl(["http://\(ratings.ip):\(MeshPlan.adminPort)/config_dump"])
            let listener = try #require(Self.listener(named: "0.0.0.0_9080", in: dump))
            let filters = ((listener["filter_chains"] as? [[String: Any]])?.first?["filters"] as? [[String: Any]]) ?? []
            #expect(filters.first?["name"] as? String == "envoy.http_connection_manager")
            let proxy = "http://\(ratings.ip):\(MeshPlan.proxyPort)"
            let details = try mesh.curl(["-x", proxy, "http://details:9080/details/0"])
            #expect(details.contains("William Shakespeare"))
            let reviews = try mesh.curl(["-x", proxy, "http://reviews.service.consul:9080/reviews/0"])
            #expect(reviews.contains("Reviewer1"))
            let page = try mesh.curl([mesh.productpage("/productpage")])
            #expect(!page.contains("Sorry, product reviews are currently unavailable"))
        }
    }

    /// The listener named `name` among the dump's dynamic active listeners.
    static func listener(named name: String, in dump: String) -> [String: Any]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(dump.utf8)) as? [String: Any],
            let configs = object["configs"] as? [[String: Any]]
        else { return nil }
        for config in configs {
            for entry in (config["dynamic_active_listeners"] as? [[String: Any]]) ?? [] {
                if let listener = entry["listener"] as? [String: Any], listener["name"] as? String == name { return listener }
            }
        }
        return nil
    }
}
