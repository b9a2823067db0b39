import Foundation
import Mesh
import Testing

@Suite struct ClusterTranslationTests {
    @Test func outboundClustersPerPortAndSubsetThenInboundThenSpecials() throws {
        let config = try BookinfoRegistry.config(BookinfoRegistry.destinationRules)
        let clusters = BookinfoRegistry.translate(config: config, proxy: BookinfoRegistry.proxy("productpage")).snapshot.clusters
        #expect(clusters.map(\.name) == [
            "outbound|9080||details.service.consul", "outbound|9080|v1|details.service.consul", "outbound|9080|v2|details.service.consul",
            "outbound|9080||ratings.service.consul", "outbound|9080|v1|ratings.service.consul",
            "outbound|9080||reviews.service.consul", "outbound|9080|v1|reviews.service.consul", "outbound|9080|v2|reviews.service.consul",
            "outbound|9080|v3|reviews.service.consul",
            "outbound|9080||productpage.service.consul", "outbound|9080|v1|productpage.service.consul",
            "inbound|9080|http|productpage.service.consul", "BlackHoleCluster", "PassthroughCluster",
        ])
        let subset = try #require(clusters.first { $0.name == "outbound|9080|v2|reviews.service.consul" })
        #expect(subset.type == .eds)
        #expect(subset.edsClusterConfig?.serviceName == subset.name)
        #expect(subset.lbPolicy == .roundRobin)
        #expect(subset.connectTimeout == "1s")
        let blackHole = try #require(clusters.first { $0.name == "BlackHoleCluster" })
        #expect(blackHole.type == .staticHosts && blackHole.hosts == [])
        let passthrough = try #require(clusters.last)
        #expect(passthrough.type == .originalDst && passthrough.lbPolicy == .originalDstLB)
    }

    @Test func loadBalancerPolicyFromTheRuleWithSubsetOverrides() throws {
        let yaml = """
            apiVersion: networking.istio.io/v1alpha3
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews.service.consul
              trafficPolicy:
                loadBalancer:
                  simple: LEAST_CONN
              subsets:
              - name: v1
                labels:
                  version: v1
              - name: v2
                labels:
                  version: v2
                trafficPolicy:
                  loadBalancer:
                    simple: RANDOM
              - name: v3
                labels:
                  version: v3
                trafficPolicy:
                  loadBalancer:
                    simple: PASSTHROUGH
            """
        let clusters = BookinfoRegistry.translate(config: try BookinfoRegistry.config(yaml)).snapshot.clusters
        func cluster(_ subset: String) -> XDSCluster? { clusters.first { $0.name == "outbound|9080|\(subset)|reviews.service.consul" } }
        #expect(cluster("")?.lbPolicy == .leastRequest)
        #expect(cluster("v1")?.lbPolicy == .leastRequest)
        #expect(cluster("v2")?.lbPolicy == .random)
        #expect(cluster("v3")?.type == .originalDst)
        #expect(cluster("v3")?.lbPolicy == .originalDstLB)
        #expect(cluster("v3")?.edsClusterConfig == nil)
    }

    @Test func endpointsFollowSubsetLabelsInRegistrationOrder() throws {
        let config = try BookinfoRegistry.config(BookinfoRegistry.destinationRules)
        let endpoints = BookinfoRegistry.translate(config: config).snapshot.endpoints
        func addresses(_ cluster: String) -> [String]? { endpoints.first { $0.clusterName == cluster }?.addresses.map(\.text) }
        #expect(addresses("outbound|9080||reviews.service.consul") == ["127.150.7.4:9080", "127.150.7.5:9080", "127.150.7.6:9080"])
        #expect(addresses("outbound|9080|v2|reviews.service.consul") == ["127.150.7.5:9080"])
        #expect(addresses("outbound|9080|v2|details.service.consul") == [])
        // One assignment per EDS cluster, none for STATIC or ORIGINAL_DST ones.
        #expect(endpoints.count == 11)
    }

    @Test func shortDestinationRuleHostsResolveUnderTheKubernetesDomain() throws {
        let yaml = """
            apiVersion: networking.istio.io/v1alpha3
            kind: DestinationRule
            metadata:
              name: reviews
            spec:
              host: reviews
              subsets:
              - name: v1
                labels:
                  version: v1
            """
        let clusters = BookinfoRegistry.translate(config: try BookinfoRegistry.config(yaml)).snapshot.clusters
        #expect(!clusters.contains { $0.name == "outbound|9080|v1|reviews.service.consul" })
        let onConsul = DiscoveryTranslator.translate(
            services: BookinfoRegistry.services(), config: try BookinfoRegistry.config(yaml.replacingOccurrences(of: "host: reviews", with: "host: '*.consul'")),
            proxy: BookinfoRegistry.proxy("productpage"), version: "1")
        #expect(onConsul.snapshot.clusters.contains { $0.name == "outbound|9080|v1|reviews.service.consul" })
    }
}
