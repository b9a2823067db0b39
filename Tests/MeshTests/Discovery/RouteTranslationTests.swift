import Mesh
import Testing

@Suite struct RouteTranslationTests {
    private func routes(_ config: IstioConfigSet, host: String = "reviews.service.consul", proxy: DiscoveryProxy = BookinfoRegistry.proxy("productpage"))
        throws -> [XDSRoute]
    {
        let translation = BookinfoRegistry.translate(config: config, proxy: proxy)
        let routeConfig = try #require(translation.snapshot.routes.first { $0.name == "9080" })
        return try #require(routeConfig.virtualHosts.first { $0.name == "\(host):9080" }).routes
    }

    private func virtualService(_ name: String, _ body: String) -> String {
        """
        apiVersion: networking.istio.io/v1alpha3
        kind: VirtualService
        metadata:
          name: \(name)
        spec:
        \(body)
        """
    }

    @Test func routeConfig9080HasOneVirtualHostPerServiceWithTheSeedsDomains() throws {
        let config = try #require(BookinfoRegistry.translate().snapshot.routes.first)
        #expect(config.name == "9080")
        #expect(config.validateClusters == false)
        #expect(config.virtualHosts.map(\.name) == [
            "details.service.consul:9080", "productpage.service.consul:9080", "ratings.service.consul:9080", "reviews.service.consul:9080",
        ])
        #expect(config.virtualHosts[0].domains == [
            "details.service.consul", "details.service.consul:9080", "details", "details:9080", "details.service", "details.service:9080",
        ])
    }

    @Test func withoutVirtualServiceTheDefaultRouteRetriesAsIstio() throws {
        let route = try #require(try routes(IstioConfigSet()).first)
        #expect(route.match == XDSRouteMatch(prefix: "/"))
        #expect(route.route.cluster == "outbound|9080||reviews.service.consul")
        #expect(route.route.timeout == "0s")
        #expect(route.route.retryPolicy == XDSRetryPolicy.istioDefault)
        #expect(route.decorator?.operation == "reviews.service.consul:9080/*")
        #expect(route.fault == nil)
    }

    @Test func allV1SendsEveryRequestToSubsetV1() throws {
        let config = try BookinfoRegistry.config(
            BookinfoRegistry.destinationRules,
            virtualService("reviews", "  hosts:\n  - reviews.service.consul\n  http:\n  - route:\n    - destination:\n        host: reviews.service.consul\n        subset: v1"))
        let routes = try routes(config)
        #expect(routes.count == 1)
        #expect(routes[0].match == XDSRouteMatch(prefix: "/"))
        #expect(routes[0].route.cluster == "outbound|9080|v1|reviews.service.consul")
        #expect(routes[0].route.weightedClusters == nil)
        #expect(routes[0].route.retryPolicy == XDSRetryPolicy.istioDefault)
        #expect(routes[0].decorator?.operation == "reviews.service.consul:9080/*")
        // Other services keep their default route.
        #expect(try self.routes(config, host: "ratings.service.consul")[0].route.cluster == "outbound|9080||ratings.service.consul")
    }

    @Test func jasonGetsV2AndEveryoneElseV1() throws {
        let routes = try routes(try BookinfoRegistry.config(BookinfoRegistry.destinationRules, BookinfoRegistry.reviewsTestV2))
        #expect(routes.count == 2)
        #expect(routes[0].match == XDSRouteMatch(prefix: "/", headers: [XDSHeaderMatcher(name: "end-user", exactMatch: "jason")]))
        #expect(routes[0].route.cluster == "outbound|9080|v2|reviews.service.consul")
        #expect(routes[1].match == XDSRouteMatch(prefix: "/"))
        #expect(routes[1].route.cluster == "outbound|9080|v1|reviews.service.consul")
    }

    @Test func fiftyFiftyIsWeightedAndZeroWeightsAreDropped() throws {
        let body = """
              hosts:
              - reviews.service.consul
              http:
              - route:
                - destination:
                    host: reviews.service.consul
                    subset: v1
                  weight: 50
                - destination:
                    host: reviews.service.consul
                    subset: v3
                  weight: 50
                - destination:
                    host: reviews.service.consul
                    subset: v2
                  weight: 0
            """
        let routes = try routes(try BookinfoRegistry.config(virtualService("reviews", body)))
        #expect(routes[0].route.cluster == nil)
        #expect(routes[0].route.weightedClusters?.clusters == [
            .init(name: "outbound|9080|v1|reviews.service.consul", weight: 50), .init(name: "outbound|9080|v3|reviews.service.consul", weight: 50),
        ])
        // Several clusters: the span is named after the VirtualService.
        #expect(routes[0].decorator?.operation == "reviews:9080/*")
    }

    @Test func delayAndAbortFaultsArePerMillion() throws {
        let body = """
              hosts:
              - ratings.service.consul
              http:
              - match:
                - headers:
                    end-user:
                      exact: jason
                fault:
                  delay:
                    percentage:
                      value: 100.0
                    fixedDelay: 7s
                route:
                - destination:
                    host: ratings.service.consul
                    subset: v1
              - fault:
                  abort:
                    percentage:
                      value: 12.5
                    httpStatus: 500
                  delay:
                    fixedDelay: 1.5s
                route:
                - destination:
                    host: ratings.service.consul
                    subset: v1
            """
        let routes = try routes(try BookinfoRegistry.config(virtualService("ratings", body)), host: "ratings.service.consul")
        #expect(routes.count == 2)
        #expect(routes[0].fault == XDSFault(delay: .init(fixedDelay: "7s", percentage: .init(numerator: 1_000_000))))
        // No percentage: Pilot 1.1 falls back to the deprecated integer percent, unset = 0.
        #expect(routes[1].fault == XDSFault(
            delay: .init(fixedDelay: "1.500s", percentage: .init(numerator: 0)), abort: .init(httpStatus: 500, percentage: .init(numerator: 125_000))))
    }

    @Test func retriesAndTimeouts() throws {
        let body = """
              hosts:
              - reviews.service.consul
              http:
              - match:
                - uri:
                    prefix: /a
                timeout: 0.5s
                retries:
                  attempts: 3
                  perTryTimeout: 2s
                  retryOn: gateway-error, 503,connect-failure
                route:
                - destination:
                    host: reviews.service.consul
              - match:
                - uri:
                    prefix: /b
                timeout: 10s
                retries:
                  attempts: 0
                route:
                - destination:
                    host: reviews.service.consul
              - match:
                - uri:
                    prefix: /c
                timeout: 250ms
                retries:
                  attempts: 1
                route:
                - destination:
                    host: reviews.service.consul
            """
        let routes = try routes(try BookinfoRegistry.config(virtualService("reviews", body)))
        #expect(routes.map(\.route.timeout) == ["0.500s", "10s", "0.250s"])
        var expected = XDSRetryPolicy.istioDefault
        expected.numRetries = 3
        expected.perTryTimeout = "2s"
        expected.retryOn = "gateway-error,connect-failure"
        expected.retriableStatusCodes = [503]
        #expect(routes[0].route.retryPolicy == expected)
        #expect(routes[1].route.retryPolicy == nil)
        var one = XDSRetryPolicy.istioDefault
        one.numRetries = 1
        #expect(routes[2].route.retryPolicy == one)
        // No catch-all rule: nothing after the last match (Envoy answers 404 for the rest).
        #expect(routes.map(\.decorator?.operation) == ["reviews.service.consul:9080/a*", "reviews.service.consul:9080/b*", "reviews.service.consul:9080/c*"])
    }

    @Test func matchesTranslateToEnvoysAndStopAfterACatchAll() throws {
        let body = """
              hosts:
              - reviews.service.consul
              http:
              - match:
                - uri:
                    exact: /reviews/0
                  method:
                    exact: GET
                  headers:
                    x-b:
                      regex: "b+"
                    x-a:
                      prefix: a
                - uri:
                    regex: "/r.*"
                  authority:
                    exact: reviews:9080
                  scheme:
                    exact: http
                - uri:
                    prefix: /
                - uri:
                    prefix: /never
                route:
                - destination:
                    host: reviews.service.consul
                    subset: v2
              - route:
                - destination:
                    host: reviews.service.consul
                    subset: v1
            """
        let routes = try routes(try BookinfoRegistry.config(virtualService("reviews", body)))
        #expect(routes.map(\.match) == [
            XDSRouteMatch(path: "/reviews/0", headers: [
                XDSHeaderMatcher(name: "x-a", prefixMatch: "a"), XDSHeaderMatcher(name: "x-b", regexMatch: "b+"),
                XDSHeaderMatcher(name: ":method", exactMatch: "GET"),
            ]),
            XDSRouteMatch(regex: "/r.*", headers: [
                XDSHeaderMatcher(name: ":authority", exactMatch: "reviews:9080"), XDSHeaderMatcher(name: ":scheme", exactMatch: "http"),
            ]),
            XDSRouteMatch(prefix: "/"),
        ])
        #expect(routes[0].decorator?.operation == "reviews.service.consul:9080/reviews/0")
        #expect(routes[1].decorator?.operation == "reviews.service.consul:9080/r.*")
    }

    @Test func destinationPortsFollowPilot() throws {
        let body = """
              hosts:
              - reviews.service.consul
              http:
              - match:
                - uri:
                    prefix: /number
                route:
                - destination:
                    host: reviews.service.consul
                    port:
                      number: 9443
              - match:
                - uri:
                    prefix: /name
                route:
                - destination:
                    host: reviews.service.consul
                    port:
                      name: http
              - route:
                - destination:
                    host: elsewhere.example.com
            """
        let routes = try routes(try BookinfoRegistry.config(virtualService("reviews", body)))
        #expect(routes.map(\.route.cluster) == [
            "outbound|9443||reviews.service.consul", "BlackHoleCluster", "outbound|9080||elsewhere.example.com",
        ])
    }

    /// Pilot 1.1 resolves `reviews` to `reviews.default.svc.cluster.local`, which is not the
    /// Consul service: the rule does not touch `reviews.service.consul`.
    @Test func shortHostsResolveAsPilotDoesAndMissConsulServices() throws {
        let body = "  hosts:\n  - reviews\n  http:\n  - route:\n    - destination:\n        host: reviews\n        subset: v2"
        let config = try BookinfoRegistry.config(virtualService("reviews", body))
        let translation = BookinfoRegistry.translate(config: config)
        let routeConfig = try #require(translation.snapshot.routes.first)
        #expect(routeConfig.virtualHosts.count == 4)
        #expect(try routes(config)[0].route.cluster == "outbound|9080||reviews.service.consul")
        #expect(HostMatching.resolveShortname("reviews", namespace: "default", domainSuffix: "cluster.local") == "reviews.default.svc.cluster.local")
        #expect(HostMatching.resolveShortname("reviews.service.consul", namespace: "default", domainSuffix: "cluster.local") == "reviews.service.consul")
    }

    @Test func hostsOutsideTheRegistryGetTheirOwnVirtualHost() throws {
        let body = """
              hosts:
              - reviews.service.consul
              - bookinfo.example.com
              http:
              - route:
                - destination:
                    host: reviews.service.consul
                    subset: v3
            """
        let translation = BookinfoRegistry.translate(config: try BookinfoRegistry.config(virtualService("reviews", body)))
        let routeConfig = try #require(translation.snapshot.routes.first)
        let extra = try #require(routeConfig.virtualHosts.first { $0.name == "bookinfo.example.com:9080" })
        #expect(extra.domains == ["bookinfo.example.com", "bookinfo.example.com:9080"])
        #expect(extra.routes[0].route.cluster == "outbound|9080|v3|reviews.service.consul")
        #expect(routeConfig.virtualHosts.map(\.name) == routeConfig.virtualHosts.map(\.name).sorted())
    }

    @Test func sourceLabelsLimitARuleToMatchingProxies() throws {
        let body = """
              hosts:
              - ratings.service.consul
              http:
              - match:
                - sourceLabels:
                    version: v2
                route:
                - destination:
                    host: ratings.service.consul
                    subset: v2
              - route:
                - destination:
                    host: ratings.service.consul
                    subset: v1
            """
        let config = try BookinfoRegistry.config(virtualService("ratings", body))
        let fromV2 = try routes(config, host: "ratings.service.consul", proxy: BookinfoRegistry.proxy("reviews", "v2"))
        let fromV3 = try routes(config, host: "ratings.service.consul", proxy: BookinfoRegistry.proxy("reviews", "v3"))
        // A match block with only sourceLabels translates to prefix "/": a catch-all, the last route.
        #expect(fromV2.map(\.route.cluster) == ["outbound|9080|v2|ratings.service.consul"])
        #expect(fromV3.map(\.route.cluster) == ["outbound|9080|v1|ratings.service.consul"])
    }
}
