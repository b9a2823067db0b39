import Foundation
import Mesh
import Testing

@Suite struct ListenerTranslationTests {
    private func tcpCluster(_ listener: XDSListener) -> String? {
        guard case .tcpProxy(let proxy)? = listener.filterChains.first?.filters.first else { return nil }
        return proxy.cluster
    }

    private func connectionManager(_ listener: XDSListener) -> XDSHTTPConnectionManager? {
        guard case .httpConnectionManager(let manager)? = listener.filterChains.first?.filters.first else { return nil }
        return manager
    }

    /// The seed's fault: no protocol metadata, so 9080 is TCP and details, registered first, owns it.
    @Test func withoutProtocolMetadataTheFirstRegisteredServiceOwnsPort9080() throws {
        let translation = BookinfoRegistry.translate(protocol: nil)
        let outbound = try #require(translation.snapshot.listeners.first { $0.name == "0.0.0.0_9080" })
        #expect(outbound.address == XDSAddress(address: "0.0.0.0", port: 9080))
        #expect(tcpCluster(outbound) == "outbound|9080||details.service.consul")
        guard case .tcpProxy(let proxy)? = outbound.filterChains.first?.filters.first else {
            Issue.record("not a tcp_proxy")
            return
        }
        #expect(proxy.statPrefix == "outbound|9080||details.service.consul")
        #expect(translation.warnings == [
            "Listener=0.0.0.0:9080 AcceptedTCP=details.service.consul RejectedTCP=ratings.service.consul TCPServices=1",
            "Listener=0.0.0.0:9080 AcceptedTCP=details.service.consul RejectedTCP=reviews.service.consul TCPServices=1",
            "Listener=0.0.0.0:9080 AcceptedTCP=details.service.consul RejectedTCP=productpage.service.consul TCPServices=1",
        ])
        #expect(translation.snapshot.routes.isEmpty)
    }

    @Test func whoeverRegistersFirstWins() throws {
        var catalog = BookinfoRegistry.catalog(protocol: nil)
        catalog["reviews"] = catalog["reviews"]?.map { entry in
            var entry = entry
            entry.createIndex = 1
            return entry
        }
        let services = ConsulServiceConversion.services(from: catalog).services
        let translation = DiscoveryTranslator.translate(
            services: services, config: IstioConfigSet(), proxy: BookinfoRegistry.proxy("productpage"), version: "1")
        let outbound = try #require(translation.snapshot.listeners.first { $0.name == "0.0.0.0_9080" })
        #expect(tcpCluster(outbound) == "outbound|9080||reviews.service.consul")
        #expect(translation.warnings.first == "Listener=0.0.0.0:9080 AcceptedTCP=reviews.service.consul RejectedTCP=details.service.consul TCPServices=1")
    }

    @Test func withProtocolMetadataPort9080IsOneRDSRoutedHTTPListener() throws {
        let translation = BookinfoRegistry.translate()
        #expect(translation.warnings.isEmpty)
        let outbound = try #require(translation.snapshot.listeners.first { $0.name == "0.0.0.0_9080" })
        let manager = try #require(connectionManager(outbound))
        #expect(manager.statPrefix == "0.0.0.0_9080")
        #expect(manager.rds?.routeConfigName == "9080")
        #expect(manager.routeConfig == nil)
        #expect(manager.tracing?.operationName == .egress)
        #expect(manager.tracing?.randomSampling?.value == 100)
        #expect(translation.snapshot.routes.map(\.name) == ["9080"])
    }

    @Test func traceSamplingReachesEveryHTTPConnectionManagerInEnvoysShape() throws {
        let translation = DiscoveryTranslator.translate(
            services: BookinfoRegistry.services(), config: IstioConfigSet(), proxy: BookinfoRegistry.proxy("reviews"), version: "1",
            options: .init(traceSampling: 1.5))
        let managers = translation.snapshot.listeners.compactMap(connectionManager)
        #expect(managers.count == 2)  // reviews' inbound 9080 and the outbound 0.0.0.0_9080
        for manager in managers {
            let tracing = try #require(manager.tracing)
            #expect(tracing.randomSampling?.value == 1.5 && tracing.clientSampling?.value == 100 && tracing.overallSampling?.value == 100)
        }
        let json = String(decoding: try JSONEncoder().encode(managers[0].tracing), as: UTF8.self)
        #expect(json.contains(#""random_sampling":{"value":1.5}"#), "\(json)")
    }

    @Test func pilotTraceSamplingIsAPercentageWithPilotsFallbacks() {
        #expect(TraceSampling.parse(nil) == (100, nil))
        #expect(TraceSampling.parse("") == (100, nil))
        #expect(TraceSampling.parse("1.0") == (1, nil))
        #expect(TraceSampling.parse("0") == (0, nil))
        #expect(TraceSampling.parse("abc") == (100, "PILOT_TRACE_SAMPLING not set to a number: abc"))
        #expect(TraceSampling.parse("100.5") == (100, "PILOT_TRACE_SAMPLING out of range: 100.5"))
        #expect(TraceSampling.parse("nan").warning != nil)
    }

    @Test func virtualListenerPassesThroughOnOriginalDestination() throws {
        let virtual = try #require(BookinfoRegistry.translate().snapshot.listeners.last)
        #expect(virtual.name == "virtual")
        #expect(virtual.address == XDSAddress(address: "0.0.0.0", port: 15001))
        #expect(virtual.useOriginalDst == true)
        #expect(tcpCluster(virtual) == "PassthroughCluster")
    }

    @Test func inboundHTTPListenerRoutesToTheAppOnItsPodIP() throws {
        let translation = BookinfoRegistry.translate(proxy: BookinfoRegistry.proxy("reviews", "v2"))
        let listeners = translation.snapshot.listeners
        #expect(listeners.map(\.name) == ["127.150.7.5_9080", "0.0.0.0_9080", "virtual"])
        let inbound = listeners[0]
        #expect(inbound.address == XDSAddress(address: "127.150.7.5", port: 9080))
        let manager = try #require(connectionManager(inbound))
        #expect(manager.tracing?.operationName == .ingress)
        #expect(manager.rds == nil)
        let routes = try #require(manager.routeConfig)
        #expect(routes.name == "inbound|9080|http|reviews.service.consul")
        #expect(routes.virtualHosts.map(\.name) == ["inbound|http|9080"])
        #expect(routes.virtualHosts[0].domains == ["*"])
        let route = try #require(routes.virtualHosts[0].routes.first)
        #expect(route.match == XDSRouteMatch(prefix: "/"))
        #expect(route.route == XDSRouteAction(cluster: "inbound|9080|http|reviews.service.consul", timeout: "0s"))
        #expect(route.decorator?.operation == "reviews.service.consul:9080/*")

        let cluster = try #require(translation.snapshot.clusters.first { $0.name == "inbound|9080|http|reviews.service.consul" })
        #expect(cluster.type == .staticHosts)
        #expect(cluster.hosts == [XDSAddress(address: "127.150.7.5", port: 19080)])
    }

    @Test func inboundTCPListenerWithoutMetadata() throws {
        let translation = BookinfoRegistry.translate(protocol: nil, proxy: BookinfoRegistry.proxy("details"))
        let inbound = try #require(translation.snapshot.listeners.first)
        #expect(inbound.name == "127.150.7.2_9080")
        #expect(tcpCluster(inbound) == "inbound|9080|tcp|details.service.consul")
    }

    @Test func tcpListenersComeBeforeHTTPOnesAndHTTPDoesNotTakeATCPPort() {
        let catalog = [
            "db": [BookinfoRegistry.entry("db", id: "db", address: "127.150.1.1", port: 3306, meta: ["protocol": "mysql"], index: 1)],
            "web": [BookinfoRegistry.entry("web", id: "web", address: "127.150.1.2", port: 80, meta: ["protocol": "http"], index: 2)],
            "legacy": [BookinfoRegistry.entry("legacy", id: "legacy", address: "127.150.1.3", port: 3306, meta: ["protocol": "http"], index: 3)],
            "dns": [BookinfoRegistry.entry("dns", id: "dns", address: "127.150.1.4", port: 53, meta: ["protocol": "udp"], index: 4)],
        ]
        let services = ConsulServiceConversion.services(from: catalog).services
        let translation = DiscoveryTranslator.translate(
            services: services, config: IstioConfigSet(), proxy: DiscoveryProxy(id: "sidecar~127.150.9.9~x.default~service.consul", ip: "127.150.9.9"),
            version: "1")
        #expect(translation.snapshot.listeners.map(\.name) == ["0.0.0.0_3306", "0.0.0.0_80", "virtual"])
        #expect(translation.warnings == [
            "Listener=0.0.0.0:3306 AcceptedTCP=db.service.consul RejectedHTTP=legacy.service.consul TCPServices=1"
        ])
        #expect(translation.snapshot.routes.map(\.name) == ["80"])
    }
}
