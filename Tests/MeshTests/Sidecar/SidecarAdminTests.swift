import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Mesh
import NIOCore
import Testing

@Suite struct SidecarAdminTests {
    func sidecar() -> Sidecar {
        var logger = Logger(label: "admin-test")
        logger.logLevel = .critical
        return Sidecar(
            options: SidecarOptions(
                identity: SidecarIdentity(podIP: "127.150.1.2", name: "reviews-v2", serviceCluster: "reviews"),
                controlPlaneURL: "http://127.0.0.1:15010", zipkinURL: "http://127.0.0.1:9411"),
            spans: nil, logger: logger)
    }

    var snapshot: XDSSnapshot {
        PilotShapes.snapshot(
            version: "7", listeners: [PilotShapes.outboundHTTPListener(), PilotShapes.inboundListener(podIP: "127.150.1.2", service: "reviews")],
            routes: [XDSRouteConfiguration(name: "9080", virtualHosts: [PilotShapes.virtualHost("ratings", routes: [PilotShapes.route("outbound|9080||ratings.service.consul")])])],
            clusters: [PilotShapes.edsCluster("outbound|9080||ratings.service.consul", endpoints: [("127.150.1.3", 9080), ("127.150.1.4", 9080)])])
    }

    @Test func readyIs503UntilTheFirstConfigurationThenLive() async throws {
        let sidecar = sidecar()
        try await Application(router: AdminServer.router(views: sidecar.views)).test(.router) { client in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body) == "PRE_INITIALIZING\n")
            }
            _ = try sidecar.runtime.apply(snapshot)
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "LIVE\n")
            }
        }
    }

    @Test func configDumpHasEnvoy110Shape() async throws {
        let sidecar = sidecar()
        _ = try sidecar.runtime.apply(snapshot)
        try await Application(router: AdminServer.router(views: sidecar.views)).test(.router) { client in
            try await client.execute(uri: "/config_dump", method: .get) { response in
                #expect(response.status == .ok)
                let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
                let configs = try #require(object["configs"] as? [[String: Any]])
                #expect(configs.compactMap { $0["@type"] as? String } == [
                    "type.googleapis.com/envoy.admin.v2alpha.BootstrapConfigDump", "type.googleapis.com/envoy.admin.v2alpha.ClustersConfigDump",
                    "type.googleapis.com/envoy.admin.v2alpha.ListenersConfigDump", "type.googleapis.com/envoy.admin.v2alpha.RoutesConfigDump",
                ])
                let node = try #require((configs[0]["bootstrap"] as? [String: Any])?["node"] as? [String: Any])
                #expect(node["id"] as? String == "sidecar~127.150.1.2~reviews-v2.default~service.consul")
                #expect(configs[1]["version_info"] as? String == "7")
                #expect((configs[1]["static_clusters"] as? [[String: Any]])?.count == 2)
                let cluster = try #require((configs[1]["dynamic_active_clusters"] as? [[String: Any]])?.first)
                #expect(cluster["version_info"] as? String == "7")
                #expect((cluster["cluster"] as? [String: Any])?["name"] as? String == "outbound|9080||ratings.service.consul")
                #expect(cluster["last_updated"] is String)
                let listeners = try #require(configs[2]["dynamic_active_listeners"] as? [[String: Any]])
                #expect(listeners.compactMap { ($0["listener"] as? [String: Any])?["name"] as? String } == ["0.0.0.0_9080", "127.150.1.2_9080"])
                let route = try #require((configs[3]["dynamic_route_configs"] as? [[String: Any]])?.first)
                #expect((route["route_config"] as? [String: Any])?["name"] as? String == "9080")
            }
        }
    }

    @Test func listenersClustersAndStatsText() async throws {
        let sidecar = sidecar()
        _ = try sidecar.runtime.apply(snapshot)
        sidecar.runtime.stats.counter("cluster.outbound|9080||ratings.service.consul.upstream_rq_200").add(3)
        try await Application(router: AdminServer.router(views: sidecar.views)).test(.router) { client in
            try await client.execute(uri: "/listeners", method: .get) { response in
                #expect(String(buffer: response.body) == "0.0.0.0_9080::0.0.0.0:9080\n127.150.1.2_9080::127.150.1.2:9080\n")
            }
            try await client.execute(uri: "/listeners?format=json", method: .get) { response in
                #expect(String(buffer: response.body).contains(#""listener_statuses""#))
            }
            try await client.execute(uri: "/clusters", method: .get) { response in
                let lines = String(buffer: response.body).split(separator: "\n").map(String.init)
                #expect(lines.contains("outbound|9080||ratings.service.consul::default_priority::max_connections::1024"))
                #expect(lines.contains("outbound|9080||ratings.service.consul::added_via_api::true"))
                #expect(lines.contains("outbound|9080||ratings.service.consul::127.150.1.3:9080::rq_total::0"))
                #expect(lines.contains("outbound|9080||ratings.service.consul::127.150.1.4:9080::health_flags::healthy"))
                #expect(lines.contains("outbound|9080||ratings.service.consul::127.150.1.4:9080::cx_active::0"))
            }
            try await client.execute(uri: "/stats?filter=upstream_rq_200", method: .get) { response in
                #expect(String(buffer: response.body) == "cluster.outbound|9080||ratings.service.consul.upstream_rq_200: 3\n")
            }
            try await client.execute(uri: "/stats?format=json&filter=rq_200", method: .get) { response in
                let object = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: [[String: Any]]]
                #expect(object?["stats"]?.first?["value"] as? Int == 3)
            }
            try await client.execute(uri: "/stats?filter=(", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("invalid regex"))
            }
            try await client.execute(uri: "/stats", method: .get) { response in
                #expect(String(buffer: response.body).contains("http.0.0.0.0_9080.downstream_rq_total: 0\n"))
            }
            try await client.execute(uri: "/server_info", method: .get) { response in
                #expect(String(buffer: response.body).contains(#""state" : "LIVE""#))
            }
            try await client.execute(uri: "/help", method: .get) { response in
                #expect(String(buffer: response.body).contains("/config_dump"))
            }
        }
    }

    @Test func aSnapshotThatDoesNotCompileIsRefusedAndTheRunningOneStays() async throws {
        let sidecar = sidecar()
        try await sidecar.apply(snapshot)
        var bad = snapshot
        bad.version = "8"
        bad.routes = [XDSRouteConfiguration(name: "9080", virtualHosts: [
            PilotShapes.virtualHost("ratings", routes: [XDSRoute(match: .init(regex: "/ratings/("), route: .init(cluster: "x"))]),
        ])]
        await #expect(throws: SidecarConfigError.self) { try await sidecar.apply(bad) }
        #expect(sidecar.runtime.current?.version == "7")
        #expect(sidecar.runtime.stats.value("listener_manager.lds.update_rejected") == 1)
        await sidecar.shutdown()
    }
}
