import Mesh
import NIOHTTP1
import Testing

@Suite struct VirtualHostMatchingTests {
    let matcher = VirtualHostMatcher<String>([
        (domains: ["reviews.service.consul", "reviews.service.consul:9080", "reviews", "reviews:9080"], host: "reviews"),
        (domains: ["*.example.com"], host: "suffix-short"),
        (domains: ["*.api.example.com"], host: "suffix-long"),
        (domains: ["ratings.*"], host: "prefix"),
        (domains: ["*"], host: "catch-all"),
    ])

    @Test func exactDomainsWithAndWithoutPort() {
        #expect(matcher.match("reviews") == "reviews")
        #expect(matcher.match("reviews:9080") == "reviews")
        #expect(matcher.match("Reviews.Service.Consul:9080") == "reviews")
    }

    @Test func portsAreNotStrippedSoAnUnlistedPortFallsThrough() {
        #expect(matcher.match("reviews:8080") == "catch-all")
    }

    @Test func longestSuffixWildcardWinsThenPrefixThenCatchAll() {
        #expect(matcher.match("v1.api.example.com") == "suffix-long")
        #expect(matcher.match("www.example.com") == "suffix-short")
        #expect(matcher.match(".example.com") == "catch-all")  // the wildcard stands for at least one character
        #expect(matcher.match("ratings.default") == "prefix")
        #expect(matcher.match("details") == "catch-all")
    }

    @Test func withoutCatchAllAnUnknownHostHasNoVirtualHost() {
        let strict = VirtualHostMatcher<Int>([(domains: ["a"], host: 1)])
        #expect(strict.match("b") == nil)
    }
}

@Suite struct RouteMatchingTests {
    func route(_ match: XDSRouteMatch, cluster: String = "c") throws -> CompiledRoute {
        try CompiledRoute(XDSRoute(match: match, route: XDSRouteAction(cluster: cluster)))
    }

    @Test func prefixExactAndRegexLookAtThePathWithoutQuery() throws {
        let request = RouteRequest(method: "GET", authority: "reviews", path: "/reviews/0?x=1")
        #expect(try route(.init(prefix: "/reviews")).matches(request))
        #expect(try !route(.init(prefix: "/ratings")).matches(request))
        #expect(try route(.init(path: "/reviews/0")).matches(request))
        #expect(try !route(.init(path: "/reviews")).matches(request))
        #expect(try route(.init(regex: "/reviews/[0-9]+")).matches(request))
    }

    @Test func regexMustMatchTheWholePathAsStdRegexMatchDoes() throws {
        let request = RouteRequest(method: "GET", authority: "reviews", path: "/reviews/0/extra")
        #expect(try !route(.init(regex: "/reviews/[0-9]+")).matches(request))
        #expect(try !route(.init(regex: "/rev")).matches(request))
        // Alternation: a leftmost-first search would stop at "/a"; a full match takes "/ab".
        #expect(try route(.init(regex: "/a|/ab")).matches(RouteRequest(method: "GET", authority: "x", path: "/ab")))
    }

    @Test func headerMatchersExactPrefixRegexAndPresence() throws {
        var headers = HTTPHeaders()
        headers.add(name: "End-User", value: "jason")
        headers.add(name: "x-canary", value: "yes-please")
        let request = RouteRequest(method: "GET", authority: "reviews", path: "/", headers: headers)
        #expect(try route(.init(headers: [.init(name: "end-user", exactMatch: "jason")])).matches(request))
        #expect(try !route(.init(headers: [.init(name: "end-user", exactMatch: "Jason")])).matches(request))
        #expect(try route(.init(headers: [.init(name: "x-canary", prefixMatch: "yes")])).matches(request))
        #expect(try route(.init(headers: [.init(name: "end-user", regexMatch: "ja.*")])).matches(request))
        #expect(try !route(.init(headers: [.init(name: "end-user", regexMatch: "ja")])).matches(request))
        #expect(try route(.init(headers: [.init(name: "x-canary")])).matches(request))
        #expect(try !route(.init(headers: [.init(name: "x-absent")])).matches(request))
        // All matchers must hold.
        #expect(try !route(.init(headers: [.init(name: "x-canary"), .init(name: "end-user", exactMatch: "bob")])).matches(request))
    }

    @Test func pseudoHeadersMatchMethodAuthorityAndScheme() throws {
        let request = RouteRequest(method: "POST", authority: "ratings:9080", path: "/ratings/0")
        #expect(try route(.init(headers: [.init(name: ":method", exactMatch: "POST")])).matches(request))
        #expect(try !route(.init(headers: [.init(name: ":method", exactMatch: "GET")])).matches(request))
        #expect(try route(.init(headers: [.init(name: ":authority", prefixMatch: "ratings")])).matches(request))
        #expect(try route(.init(headers: [.init(name: ":scheme", exactMatch: "http")])).matches(request))
    }

    @Test func badRegexRefusesTheRouteConfigurationWithThePattern() {
        #expect(throws: SidecarConfigError.self) { try route(.init(regex: "/reviews/(")) }
        do {
            _ = try route(.init(headers: [.init(name: "a", regexMatch: "[")]))
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("invalid regex '['"))
        }
    }

    @Test func firstMatchingRouteOfTheVirtualHostWins() throws {
        let table = try RouteTable(XDSRouteConfiguration(name: "9080", virtualHosts: [
            XDSVirtualHost(name: "reviews.service.consul:9080", domains: ["reviews", "reviews:9080"], routes: [
                XDSRoute(match: .init(prefix: "/", headers: [.init(name: "end-user", exactMatch: "jason")]),
                    route: .init(cluster: "outbound|9080|v2|reviews.service.consul")),
                XDSRoute(match: .init(prefix: "/"), route: .init(cluster: "outbound|9080|v1|reviews.service.consul")),
            ]),
        ]))
        var jason = HTTPHeaders()
        jason.add(name: "end-user", value: "jason")
        #expect(table.route(RouteRequest(method: "GET", authority: "reviews:9080", path: "/reviews/0", headers: jason), random: 0)?.cluster
            == "outbound|9080|v2|reviews.service.consul")
        #expect(table.route(RouteRequest(method: "GET", authority: "reviews", path: "/reviews/0"), random: 0)?.cluster
            == "outbound|9080|v1|reviews.service.consul")
        #expect(table.route(RouteRequest(method: "GET", authority: "details", path: "/"), random: 0) == nil)
    }

    @Test func weightedClustersSplitByCumulativeWeight() throws {
        let route = try CompiledRoute(XDSRoute(match: .init(prefix: "/"), route: .init(weightedClusters: .init(clusters: [
            .init(name: "v1", weight: 50), .init(name: "v0", weight: 0), .init(name: "v3", weight: 50),
        ]))))
        #expect(route.cluster(random: 0) == "v1")
        #expect(route.cluster(random: 49) == "v1")
        #expect(route.cluster(random: 50) == "v3")
        #expect(route.cluster(random: 99) == "v3")
        #expect(route.cluster(random: 100) == "v1")  // random modulo the total
        let picks = (0..<1000).map { _ in route.cluster(random: UInt64.random(in: 0 ... .max)) }
        #expect(Set(picks) == ["v1", "v3"])
    }
}

@Suite struct RetryAndFaultPolicyTests {
    @Test func istioDefaultRetriesConnectFailuresAnd503Only() {
        let policy = RetryPolicy(xds: .istioDefault)
        #expect(policy.numRetries == 2)
        #expect(policy.retries(status: 503))
        #expect(!policy.retries(status: 500))
        #expect(!policy.retries(status: 504))
        #expect(policy.retries(failure: .connectFailure))
        #expect(!policy.retries(failure: .reset))
        #expect(policy.avoidPreviousHosts)
        #expect(policy.hostSelectionMaxAttempts == 3)
    }

    @Test func fiveHundredsAndGatewayErrors() {
        let fiveXX = RetryPolicy(xds: XDSRetryPolicy(retryOn: "5xx", numRetries: 3, perTryTimeout: "0.5s"))
        #expect(fiveXX.retries(status: 500) && fiveXX.retries(status: 503) && !fiveXX.retries(status: 404))
        #expect(fiveXX.retries(failure: .reset) && fiveXX.retries(failure: .perTryTimeout))
        #expect(fiveXX.perTryTimeoutMilliseconds == 500)
        let gateway = RetryPolicy(xds: XDSRetryPolicy(retryOn: "gateway-error", numRetries: 1))
        #expect(gateway.retries(status: 502) && gateway.retries(status: 504) && !gateway.retries(status: 500))
        #expect(!RetryPolicy.none.retries(status: 503))
    }

    @Test func backoffStaysUnderEnvoysJitteredCeilings() {
        for _ in 0..<200 {
            let random = UInt64.random(in: 0 ... .max)
            #expect(RetryPolicy.backoffMilliseconds(retry: 1, random: random) < 25)
            #expect(RetryPolicy.backoffMilliseconds(retry: 2, random: random) < 75)
            #expect(RetryPolicy.backoffMilliseconds(retry: 10, random: random) <= 250)
        }
    }

    @Test func faultsApplyToTheirFractionOnly() {
        let fault = XDSFault(
            delay: .init(fixedDelay: "7s", percentage: .init(numerator: 500_000)),
            abort: .init(httpStatus: 500, percentage: .init(numerator: 100, denominator: "HUNDRED")))
        #expect(FaultDecision(fault: fault, delayDraw: 0.49, abortDraw: 0.99) == FaultDecision(delayMilliseconds: 7000, abortStatus: 500))
        #expect(FaultDecision(fault: fault, delayDraw: 0.5, abortDraw: 0.0) == FaultDecision(abortStatus: 500))
        #expect(!FaultDecision(fault: nil, delayDraw: 0, abortDraw: 0).isFaulted)
        let zero = XDSFault(abort: .init(httpStatus: 503, percentage: .init(numerator: 0)))
        #expect(!FaultDecision(fault: zero, delayDraw: 0, abortDraw: 0).isFaulted)
    }

    @Test func responseFlagsPrintInEnvoysOrder() {
        #expect(ResponseFlags([.upstreamRetryLimitExceeded, .upstreamConnectFailure]).description == "UF,URX")
        #expect(ResponseFlags().description == "-")
        #expect(ResponseFlags([.faultInjected, .delayInjected]).description == "DI,FI")
    }

    @Test func roundRobinSkipsPreviousHostsWhileOthersRemain() {
        let balancer = LoadBalancer()
        let picks = (0..<6).compactMap { _ in balancer.pick(count: 3, policy: .roundRobin, activeRequests: { _ in 0 }) }
        #expect(picks == [0, 1, 2, 0, 1, 2])
        for _ in 0..<10 {
            #expect(balancer.pick(count: 3, policy: .roundRobin, activeRequests: { _ in 0 }, excluded: [0, 1]) == 2)
        }
        #expect(balancer.pick(count: 2, policy: .roundRobin, activeRequests: { _ in 0 }, excluded: [0, 1]) != nil)
        #expect(balancer.pick(count: 0, policy: .random, activeRequests: { _ in 0 }) == nil)
        #expect(balancer.pick(count: 2, policy: .leastRequest, activeRequests: { $0 == 0 ? 5 : 0 }, random: { 0 }) == 0)
        var draws: [UInt64] = [0, 1]
        #expect(balancer.pick(count: 2, policy: .leastRequest, activeRequests: { $0 == 0 ? 5 : 0 }, random: { draws.removeFirst() }) == 1)
    }
}
