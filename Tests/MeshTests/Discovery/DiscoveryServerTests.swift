import Foundation
import Mesh
import Testing

@Suite struct DiscoveryServerTests {
    let node = XDSNode(ip: BookinfoRegistry.ip("productpage"), name: "productpage-v1", cluster: "productpage")

    @Test func servesTheFourTypesAtOneVersion() async throws {
        let hub = DiscoveryHub(services: BookinfoRegistry.services(), config: try BookinfoRegistry.config(BookinfoRegistry.destinationRules))
        let node = node
        try await withDiscoveryServer(hub: hub) { port in
            let listeners = try await httpRequest(.POST, port: port, "/v2/discovery:listeners", body: try discoveryBody(version: "", node: node, type: .listeners))
            #expect(listeners.status == 200)
            let lds = try JSONDecoder().decode(XDSDiscoveryResponse<XDSListener>.self, from: Data(listeners.body.utf8))
            #expect(lds.versionInfo == hub.version)
            #expect(lds.typeURL == XDSResourceType.listeners.rawValue)
            #expect(lds.resources.map(\.value.name) == ["127.150.7.7_9080", "0.0.0.0_9080", "virtual"])

            let routes = try await httpRequest(
                .POST, port: port, "/v2/discovery:routes", body: try discoveryBody(version: "", node: node, type: .routes, names: ["9080"]))
            let rds = try JSONDecoder().decode(XDSDiscoveryResponse<XDSRouteConfiguration>.self, from: Data(routes.body.utf8))
            #expect(rds.resources.map(\.value.name) == ["9080"])
            #expect(rds.versionInfo == lds.versionInfo)

            let endpoints = try await httpRequest(
                .POST, port: port, "/v2/discovery:endpoints",
                body: try discoveryBody(version: "", node: node, type: .endpoints, names: ["outbound|9080|v3|reviews.service.consul"]))
            let eds = try JSONDecoder().decode(XDSDiscoveryResponse<XDSClusterLoadAssignment>.self, from: Data(endpoints.body.utf8))
            #expect(eds.resources.map(\.value.addresses) == [[XDSAddress(address: "127.150.7.6", port: 9080)]])

            let clusters = try await httpRequest(.POST, port: port, "/v2/discovery:clusters", body: try discoveryBody(version: "", node: node, type: .clusters))
            let cds = try JSONDecoder().decode(XDSDiscoveryResponse<XDSCluster>.self, from: Data(clusters.body.utf8))
            #expect(cds.resources.count == 14)
            #expect(cds.versionInfo == lds.versionInfo)

            let registryz = try await httpRequest(.GET, port: port, "/debug/registryz")
            let services = try JSONDecoder().decode([MeshService].self, from: Data(registryz.body.utf8))
            #expect(services.map(\.hostname).first == "details.service.consul")
            let adsz = try await httpRequest(.GET, port: port, "/debug/adsz")
            #expect(adsz.body.contains(node.id))
        }
    }

    @Test func badRequestsAreRefusedWithTheReason() async throws {
        let hub = DiscoveryHub(services: BookinfoRegistry.services())
        try await withDiscoveryServer(hub: hub) { port in
            let notJSON = try await httpRequest(.POST, port: port, "/v2/discovery:listeners", body: "{version_info")
            #expect(notJSON.status == 400)
            #expect(notJSON.body.hasPrefix("malformed DiscoveryRequest: "))

            let noNode = try await httpRequest(.POST, port: port, "/v2/discovery:listeners", body: #"{"version_info": ""}"#)
            #expect(noNode.status == 400)
            #expect(noNode.body.contains("missing field 'node'"))

            let wrongType = try await httpRequest(.POST, port: port, "/v2/discovery:listeners", body: #"{"node": {"id": 7, "cluster": "x"}}"#)
            #expect(wrongType.status == 400)
            #expect(wrongType.body.contains("at node.id"))

            let notIstio = try await httpRequest(
                .POST, port: port, "/v2/discovery:clusters", body: try discoveryBody(version: "", node: XDSNode(id: "envoy-1", cluster: "x"), type: .clusters))
            #expect(notIstio.status == 400)
            #expect(notIstio.body.contains("node id 'envoy-1' is not an Istio id"))

            let badIP = try await httpRequest(
                .POST, port: port, "/v2/discovery:clusters",
                body: try discoveryBody(version: "", node: XDSNode(id: "sidecar~300.1.1.1~a.default~service.consul", cluster: "x"), type: .clusters))
            #expect(badIP.status == 400)
            #expect(badIP.body.contains("invalid IP address '300.1.1.1'"))

            let mismatched = try await httpRequest(
                .POST, port: port, "/v2/discovery:clusters", body: try discoveryBody(version: "", node: node, type: .routes))
            #expect(mismatched.status == 400)

            #expect(try await httpRequest(.GET, port: port, "/v2/discovery:clusters").status == 405)
            #expect(try await httpRequest(.GET, port: port, "/v2/discovery:secrets").status == 404)
        }
    }

    @Test func aLongPollIsAnsweredWithTheNextVersion() async throws {
        let hub = DiscoveryHub(services: BookinfoRegistry.services(protocol: nil))
        let node = node
        try await withDiscoveryServer(hub: hub) { port in
            let first = try await httpRequest(.POST, port: port, "/v2/discovery:listeners", body: try discoveryBody(version: "", node: node, type: .listeners))
            let current = try JSONDecoder().decode(XDSDiscoveryResponse<XDSListener>.self, from: Data(first.body.utf8)).versionInfo
            let poll = Task {
                try await httpRequest(.POST, port: port, "/v2/discovery:listeners", body: try discoveryBody(version: current, node: node, type: .listeners))
            }
            // The registry learns the protocols: 9080 turns from tcp_proxy into HTTP.
            #expect(await eventually { hub.proxies.first?.requests == 1 })
            hub.update(services: BookinfoRegistry.services())
            let answer = try await poll.value
            let lds = try JSONDecoder().decode(XDSDiscoveryResponse<XDSListener>.self, from: Data(answer.body.utf8))
            #expect(lds.versionInfo != current)
            #expect(lds.versionInfo == hub.version)
            let outbound = try #require(lds.resources.first { $0.value.name == "0.0.0.0_9080" })
            guard case .httpConnectionManager? = outbound.value.filterChains.first?.filters.first else {
                Issue.record("0.0.0.0_9080 is not HTTP after the push")
                return
            }
        }
    }

    @Test func anUnchangedLongPollIsAnsweredWithTheSameVersionAfterTheHold() async throws {
        let hub = DiscoveryHub(services: BookinfoRegistry.services())
        let node = node
        try await withDiscoveryServer(hub: hub, holdTimeout: .milliseconds(200)) { port in
            let version = hub.version
            let answer = try await httpRequest(
                .POST, port: port, "/v2/discovery:clusters", body: try discoveryBody(version: version, node: node, type: .clusters))
            #expect(answer.status == 200)
            #expect(try JSONDecoder().decode(XDSDiscoveryResponse<XDSCluster>.self, from: Data(answer.body.utf8)).versionInfo == version)
        }
    }

    @Test func versionsMoveOnlyOnRealChanges() throws {
        let hub = DiscoveryHub(services: BookinfoRegistry.services())
        let start = hub.version
        #expect(!hub.update(services: BookinfoRegistry.services()))
        #expect(hub.version == start)
        #expect(hub.update(config: try BookinfoRegistry.config(BookinfoRegistry.reviewsTestV2)))
        #expect(hub.version == String(Int(start)! + 1))
        let proxy = BookinfoRegistry.proxy("productpage")
        #expect(hub.translation(for: proxy).snapshot.version == hub.version)
    }

    @Test func closingReleasesWaiters() async {
        let hub = DiscoveryHub()
        let version = hub.version
        let waiter = Task { await hub.waitForChange(from: version, timeout: .seconds(600)) }
        hub.close()
        await waiter.value
        await hub.waitForChange(from: version, timeout: .seconds(600))
    }
}
