import Foundation
import Mesh
import Testing

@Suite struct XDSCodingTests {
    @Test func tcpProxyListenerEncodesAsEnvoyPrintsIt() throws {
        let listener = XDSListener(
            name: "0.0.0.0_9080", address: XDSAddress(address: "0.0.0.0", port: 9080),
            filterChains: [XDSFilterChain(filters: [.tcpProxy(XDSTCPProxy(
                statPrefix: "outbound|9080||details.service.consul", cluster: "outbound|9080||details.service.consul"))])])
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(listener), as: UTF8.self)
        #expect(json.contains(#""name":"envoy.tcp_proxy""#))
        #expect(json.contains(#""@type":"type.googleapis.com\/envoy.config.filter.network.tcp_proxy.v2.TcpProxy""#))
        #expect(json.contains(#""port_value":9080"#))
        #expect(try JSONDecoder().decode(XDSListener.self, from: Data(json.utf8)) == listener)
    }

    @Test func typedResourcesCarryTheirTypeBesideTheirFields() throws {
        let response = XDSDiscoveryResponse(
            versionInfo: "3", resources: [XDSCluster(name: "outbound|9080|v1|reviews.service.consul", type: .eds,
                edsClusterConfig: .init(serviceName: "outbound|9080|v1|reviews.service.consul"))],
            type: .clusters, nonce: "n1")
        let data = try JSONEncoder().encode(response)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let first = try #require((object["resources"] as? [[String: Any]])?.first)
        #expect(first["@type"] as? String == XDSResourceType.clusters.rawValue)
        #expect(first["name"] as? String == "outbound|9080|v1|reviews.service.consul")
        #expect(try JSONDecoder().decode(XDSDiscoveryResponse<XDSCluster>.self, from: data) == response)
    }

    @Test func durationsAreProtoJSONSeconds() {
        #expect(XDSDuration.text(milliseconds: 250) == "0.250s")
        #expect(XDSDuration.text(milliseconds: 10_000) == "10s")
        #expect(XDSDuration.milliseconds("2.5s") == 2500)
        #expect(XDSDuration.milliseconds("2.5") == nil)
        #expect(XDSDuration.milliseconds("-1s") == nil)
    }

    @Test func nodeIdsCarryTheProxyIP() {
        #expect(XDSNode(ip: "127.1.0.3", name: "reviews-v1", cluster: "reviews-v1").ip == "127.1.0.3")
        #expect(XDSNode(id: "router~x", cluster: "c").ip == nil)
    }
}
