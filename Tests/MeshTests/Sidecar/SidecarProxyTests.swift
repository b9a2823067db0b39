import AsyncHTTPClient
import Mesh
import NIOCore
import NIOHTTP1
import Testing

/// The data path over real sockets on pod-style addresses with real upstream servers.
@Suite struct SidecarProxyTests {
    /// reviews and details behind an HTTP listener on 9080, as Pilot builds it with protocol metadata.
    func routedMesh(
        prefix: String, reviews: TestUpstream, details: TestUpstream, routeForReviews: XDSRoute? = nil, traceSampling: Double? = nil
    ) -> XDSSnapshot {
        let reviewsCluster = "outbound|9080||reviews.service.consul"
        let detailsCluster = "outbound|9080||details.service.consul"
        return PilotShapes.snapshot(
            listeners: [PilotShapes.outboundHTTPListener(traceSampling: traceSampling)],
            routes: [XDSRouteConfiguration(name: "9080", virtualHosts: [
                PilotShapes.virtualHost("details", routes: [PilotShapes.route(detailsCluster)]),
                PilotShapes.virtualHost("reviews", routes: [routeForReviews ?? PilotShapes.route(reviewsCluster)]),
            ])],
            clusters: [
                PilotShapes.edsCluster(reviewsCluster, endpoints: [("\(prefix).4", reviews.port)]),
                PilotShapes.edsCluster(detailsCluster, endpoints: [("\(prefix).3", details.port)]),
            ])
    }

    @Test func routesByHostThroughConnectAndAddsEnvoysHeaders() async throws {
        let prefix = PodAddress.randomPrefix()
        let details = try await TestUpstream.named("details", host: "\(prefix).3")
        let reviews = try await TestUpstream.named("reviews", host: "\(prefix).4")
        let mesh = try await SidecarFixture(snapshot: routedMesh(prefix: prefix, reviews: reviews, details: details), prefix: prefix)
        defer { Task { await mesh.shutdown(); await details.close(); await reviews.close() } }

        let fromReviews = try await mesh.get("http://reviews:9080/reviews/0", headers: [("x-request-id", "abc-123")])
        #expect(fromReviews.status == 200)
        #expect(fromReviews.body == "reviews")
        #expect(fromReviews.headers.first(name: "server") == "envoy")
        #expect(Int(fromReviews.headers.first(name: "x-envoy-upstream-service-time") ?? "") != nil)
        #expect(fromReviews.headers.first(name: "x-envoy-response-flags") == nil)
        let fromDetails = try await mesh.get("http://details:9080/details/0")
        #expect(fromDetails.body == "details")

        let seen = try #require(reviews.requests.first)
        #expect(seen.uri == "/reviews/0")
        #expect(seen.headers.first(name: "host") == "reviews:9080")
        #expect(seen.headers.first(name: "x-request-id") == "abc-123")
        #expect(seen.headers.first(name: "x-forwarded-proto") == "http")
        #expect(seen.headers.first(name: "x-b3-traceid")?.count == 16)
        #expect(seen.headers.first(name: "x-b3-spanid")?.count == 16)
        #expect(seen.headers.first(name: "x-b3-sampled") == "1")
        #expect(seen.headers.first(name: "x-envoy-expected-rq-timeout-ms") == nil)  // timeout 0 = none
        // Generated as a version-4 UUID.
        let generated = try #require(details.requests.first?.headers.first(name: "x-request-id"))
        #expect(generated.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
        #expect(generated.split(separator: "-")[2].first == "4")

        let span = try #require(mesh.spans.all.first { $0.tags?["guid:x-request-id"] == "abc-123" })
        #expect(span.kind == .client)
        #expect(span.id == seen.headers.first(name: "x-b3-spanid"))
        #expect(span.traceId == seen.headers.first(name: "x-b3-traceid"))
        #expect(span.name == "outbound|9080||reviews.service.consul/*")
        #expect(span.localEndpoint?.serviceName == "productpage")
        #expect(span.tags?["http.status_code"] == "200")
        #expect(span.tags?["upstream_cluster"] == "outbound|9080||reviews.service.consul")
        #expect(span.tags?["http.url"] == "http://reviews:9080/reviews/0")
        #expect(span.tags?["response_flags"] == "-")
    }

    @Test func samplingFollowsTheCallersDecisionElseTheListenersPercentage() async throws {
        let prefix = PodAddress.randomPrefix()
        let details = try await TestUpstream.named("details", host: "\(prefix).3")
        let reviews = try await TestUpstream.named("reviews", host: "\(prefix).4")
        let mesh = try await SidecarFixture(
            snapshot: routedMesh(prefix: prefix, reviews: reviews, details: details, traceSampling: 0), prefix: prefix)
        defer { Task { await mesh.shutdown(); await details.close(); await reviews.close() } }

        // 0 %: undecided requests are not traced, and say so upstream.
        _ = try await mesh.get("http://details:9080/details/0", headers: [("x-request-id", "undecided")])
        #expect(details.requests.last?.headers.first(name: "x-b3-sampled") == "0")
        // The caller's decision wins either way (x-b3-flags: 1 is Zipkin's debug).
        _ = try await mesh.get("http://details:9080/details/0", headers: [("x-request-id", "caller-yes"), ("x-b3-sampled", "1")])
        #expect(details.requests.last?.headers.first(name: "x-b3-sampled") == "1")
        _ = try await mesh.get("http://details:9080/details/0", headers: [("x-request-id", "debug"), ("x-b3-flags", "1")])
        #expect(details.requests.last?.headers.first(name: "x-b3-sampled") == "1")
        #expect(details.requests.last?.headers.first(name: "x-b3-flags") == "1")
        _ = try await mesh.get("http://details:9080/details/0", headers: [("x-request-id", "caller-no"), ("x-b3-sampled", "0")])
        #expect(details.requests.last?.headers.first(name: "x-b3-sampled") == "0")
        #expect(Set(mesh.spans.all.compactMap { $0.tags?["guid:x-request-id"] }) == ["caller-yes", "debug"])
    }

    @Test func absoluteFormOriginFormAndPipelinedRequestsOnOneConnection() async throws {
        let prefix = PodAddress.randomPrefix()
        let details = try await TestUpstream.named("details", host: "\(prefix).3")
        let reviews = try await TestUpstream.named("reviews", host: "\(prefix).4")
        let mesh = try await SidecarFixture(snapshot: routedMesh(prefix: prefix, reviews: reviews, details: details), prefix: prefix)
        defer { Task { await mesh.shutdown(); await details.close(); await reviews.close() } }

        // curl -x: absolute-form, then (pipelined in the same write) a request no route takes,
        // answered locally, and origin-form with Host and hop-by-hop headers: answers in order.
        let answer = try await RawExchange.send(
            "GET http://details:9080/details/0 HTTP/1.1\r\nKeep-Alive: timeout=5\r\nX-Drop: 1\r\nConnection: keep-alive, X-Drop\r\n\r\n"
                + "GET http://nowhere:9080/ HTTP/1.1\r\n\r\n"
                + "GET /reviews/1?x=y HTTP/1.1\r\nHost: reviews:9080\r\nTE: trailers\r\nConnection: close\r\n\r\n",
            host: mesh.podIP, port: 15001)
        let statuses = answer.components(separatedBy: "HTTP/1.1 ").dropFirst().map { $0.prefix { $0 != "\r\n" } }
        #expect(statuses == ["200 OK", "404 Not Found", "200 OK"], "\(answer)")
        #expect(answer.contains("details"))
        #expect(answer.hasSuffix("reviews"))
        #expect(details.requests.first?.uri == "/details/0")
        #expect(details.requests.first?.headers.first(name: "host") == "details:9080")
        for dropped in ["keep-alive", "x-drop", "connection"] { #expect(details.requests.first?.headers.contains(name: dropped) == false) }
        #expect(reviews.requests.first?.uri == "/reviews/1?x=y")
        #expect(reviews.requests.first?.headers.contains(name: "te") == false)
    }

    @Test func tcpProxySplicesEveryRequestToTheFirstRegisteredService() async throws {
        let prefix = PodAddress.randomPrefix()
        // details answers like WEBrick: 404 for paths it does not know.
        let details = try await TestUpstream.start(host: "\(prefix).3") { head, _, _ in
            head.uri.hasPrefix("/details/") ? .init(body: "details") : .init(status: .notFound, body: "WEBrick 404 \(head.uri)")
        }
        let cluster = "outbound|9080||details.service.consul"
        let snapshot = PilotShapes.snapshot(
            listeners: [PilotShapes.outboundTCPListener(cluster: cluster)],
            clusters: [PilotShapes.edsCluster(cluster, endpoints: [("\(prefix).3", details.port)])])
        let mesh = try await SidecarFixture(snapshot: snapshot, prefix: prefix)
        defer { Task { await mesh.shutdown(); await details.close() } }

        let reviews = try await mesh.get("http://reviews:9080/reviews/0")
        #expect(reviews.status == 404)
        #expect(reviews.body == "WEBrick 404 /reviews/0")
        #expect(reviews.headers.first(name: "server") == nil)  // raw bytes: no HTTP processing
        let detailsViaReviews = try await mesh.get("http://reviews:9080/details/0")
        #expect(detailsViaReviews.body == "details")
        #expect(details.requests.map(\.headers).allSatisfy { $0.first(name: "x-request-id") == nil })
        // curl -x sends absolute-form: the bytes still go as they are, request line included.
        let raw = try await RawExchange.send("GET http://reviews:9080/reviews/1 HTTP/1.1\r\nConnection: close\r\n\r\n", host: mesh.podIP, port: 15001)
        #expect(raw.hasPrefix("HTTP/1.1 404 Not Found"))
        #expect(raw.hasSuffix("WEBrick 404 http://reviews:9080/reviews/1"))
        // One tunnel (AsyncHTTPClient keeps it alive for both requests) plus the raw connection.
        #expect(mesh.sidecar.runtime.stats.value("tcp.\(cluster).downstream_cx_total") == 2)
    }

    @Test func inboundListenerAndPublishReachTheLocalAppWithASharedServerSpan() async throws {
        let prefix = PodAddress.randomPrefix()
        let podIP = "\(prefix).5"
        let app = try await TestUpstream.named("ratings app", host: podIP)
        let inbound = "inbound|9080|http|ratings.service.consul"
        let snapshot = PilotShapes.snapshot(
            listeners: [PilotShapes.inboundListener(podIP: podIP, service: "ratings")],
            clusters: [(XDSCluster(name: inbound, type: .staticHosts, hosts: [XDSAddress(address: podIP, port: app.port)]),
                XDSClusterLoadAssignment(clusterName: inbound, addresses: []))])
        let mesh = try await SidecarFixture(snapshot: snapshot, podIP: podIP, prefix: prefix)
        defer { Task { await mesh.shutdown(); await app.close() } }
        let published = try await mesh.sidecar.listeners.bindPublish(host: "\(prefix).6", port: 0, targetPort: 9080)

        let direct = try await RawExchange.send(
            "GET /ratings/0 HTTP/1.1\r\nHost: ratings:9080\r\nx-b3-traceid: 00000000000000aa\r\nx-b3-spanid: 00000000000000bb\r\n"
                + "x-b3-parentspanid: 00000000000000cc\r\nx-request-id: req-1\r\nConnection: close\r\n\r\n",
            host: podIP, port: 9080)
        #expect(direct.hasPrefix("HTTP/1.1 200 OK"))
        #expect(direct.hasSuffix("ratings app"))
        let viaPublish = try await RawExchange.send("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", host: "\(prefix).6", port: published.port ?? 0)
        #expect(viaPublish.hasSuffix("ratings app"))
        // The app sees the caller's span id unchanged.
        #expect(app.requests.first?.headers.first(name: "x-b3-spanid") == "00000000000000bb")
        let span = try #require(mesh.spans.all.first { $0.tags?["guid:x-request-id"] == "req-1" })
        #expect(span.kind == .server)
        #expect(span.shared == true)
        #expect(span.id == "00000000000000bb")
        #expect(span.parentId == "00000000000000cc")
        #expect(span.name == "ratings.service.consul:9080/*")
        #expect(span.tags?["upstream_cluster"] == inbound)
        // A request without B3 ids starts a trace: not shared.
        #expect(mesh.spans.all.contains { $0.tags?["http.url"] == "http://localhost/health" && $0.shared == nil })
    }

    @Test func faultsAbortAndDelayWithTheirFlags() async throws {
        let prefix = PodAddress.randomPrefix()
        let details = try await TestUpstream.named("details", host: "\(prefix).3")
        let reviews = try await TestUpstream.named("reviews", host: "\(prefix).4")
        let abort = PilotShapes.route(
            "outbound|9080||reviews.service.consul", fault: XDSFault(abort: .init(httpStatus: 500, percentage: .init(numerator: 1_000_000))))
        let mesh = try await SidecarFixture(snapshot: routedMesh(prefix: prefix, reviews: reviews, details: details, routeForReviews: abort), prefix: prefix)
        defer { Task { await mesh.shutdown(); await details.close(); await reviews.close() } }

        let aborted = try await mesh.get("http://reviews:9080/reviews/0")
        #expect(aborted.status == 500)
        #expect(aborted.body == "fault filter abort")
        #expect(aborted.headers.first(name: "x-envoy-response-flags") == "FI")
        #expect(reviews.requests.isEmpty)

        let delay = PilotShapes.route(
            "outbound|9080||reviews.service.consul",
            fault: XDSFault(delay: .init(fixedDelay: "0.100s", percentage: .init(numerator: 1_000_000))))
        try await mesh.sidecar.apply(routedMesh(prefix: prefix, reviews: reviews, details: details, routeForReviews: delay))
        let delayed = try await mesh.get("http://reviews:9080/reviews/0")
        #expect(delayed.status == 200)
        #expect(delayed.body == "reviews")
        #expect(delayed.headers.first(name: "x-envoy-response-flags") == "DI")
        #expect(mesh.sidecar.runtime.stats.value("http.0.0.0.0_9080.fault.delays_injected") == 1)
        #expect(mesh.sidecar.runtime.stats.value("http.0.0.0.0_9080.fault.aborts_injected") == 1)
        #expect(mesh.sidecar.runtime.stats.value("sidecar.response_flag.FI") == 1)
    }

    @Test func retriesA503AndGivesUpWithURXWhenTheBudgetIsSpent() async throws {
        let prefix = PodAddress.randomPrefix()
        let details = try await TestUpstream.named("details", host: "\(prefix).3")
        // reviews fails its first two answers, then recovers.
        let reviews = try await TestUpstream.start(host: "\(prefix).4") { _, _, count in
            count <= 2 ? .init(status: .serviceUnavailable, body: "busy \(count)") : .init(body: "reviews \(count)")
        }
        let mesh = try await SidecarFixture(snapshot: routedMesh(prefix: prefix, reviews: reviews, details: details), prefix: prefix)
        defer { Task { await mesh.shutdown(); await details.close(); await reviews.close() } }

        let recovered = try await mesh.get("http://reviews:9080/reviews/0")
        #expect(recovered.status == 200)
        #expect(recovered.body == "reviews 3")
        let cluster = "cluster.outbound|9080||reviews.service.consul."
        #expect(mesh.sidecar.runtime.stats.value(cluster + "upstream_rq_retry") == 2)
        #expect(mesh.sidecar.runtime.stats.value(cluster + "upstream_rq_503") == 2)
        #expect(mesh.sidecar.runtime.stats.value(cluster + "upstream_rq_200") == 1)

        let once = PilotShapes.route("outbound|9080||reviews.service.consul", retry: XDSRetryPolicy(retryOn: "5xx", numRetries: 1))
        let failing = try await TestUpstream.start(host: "\(prefix).4") { _, _, count in .init(status: .serviceUnavailable, body: "down \(count)") }
        defer { Task { await failing.close() } }
        try await mesh.sidecar.apply(routedMesh(prefix: prefix, reviews: failing, details: details, routeForReviews: once))
        let exhausted = try await mesh.get("http://reviews:9080/reviews/0")
        #expect(exhausted.status == 503)
        #expect(exhausted.body == "down 2")  // the last upstream answer is passed on
        #expect(exhausted.headers.first(name: "x-envoy-response-flags") == "URX")
        #expect(failing.requests.count == 2)
    }

    @Test func connectFailureRetriesOnAnotherHostOrAnswersUF() async throws {
        let prefix = PodAddress.randomPrefix()
        let alive = try await TestUpstream.named("alive", host: "\(prefix).4")
        let dead = try await TestUpstream.named("dead", host: "\(prefix).7")
        let deadPort = dead.port
        await dead.close()
        let cluster = "outbound|9080||reviews.service.consul"
        func snapshot(_ endpoints: [(String, Int)], retry: XDSRetryPolicy?) -> XDSSnapshot {
            PilotShapes.snapshot(
                listeners: [PilotShapes.outboundHTTPListener()],
                routes: [XDSRouteConfiguration(name: "9080", virtualHosts: [PilotShapes.virtualHost("reviews", routes: [PilotShapes.route(cluster, retry: retry)])])],
                clusters: [PilotShapes.edsCluster(cluster, endpoints: endpoints)])
        }
        let mesh = try await SidecarFixture(snapshot: snapshot([("\(prefix).7", deadPort), ("\(prefix).4", alive.port)], retry: .istioDefault), prefix: prefix)
        defer { Task { await mesh.shutdown(); await alive.close() } }
        for _ in 0..<4 {
            let answer = try await mesh.get("http://reviews:9080/reviews/0")
            #expect(answer.status == 200)
            #expect(answer.body == "alive")
        }
        #expect(mesh.sidecar.runtime.stats.value("cluster.\(cluster).upstream_cx_connect_fail") >= 2)

        try await mesh.sidecar.apply(snapshot([("\(prefix).7", deadPort)], retry: nil))
        let failed = try await mesh.get("http://reviews:9080/reviews/0")
        #expect(failed.status == 503)
        #expect(failed.body == "upstream connect error or disconnect/reset before headers")
        #expect(failed.headers.first(name: "x-envoy-response-flags") == "UF")
    }

    @Test func routeTimeoutAnswers504UT() async throws {
        let prefix = PodAddress.randomPrefix()
        let details = try await TestUpstream.named("details", host: "\(prefix).3")
        let slow = try await TestUpstream.start(host: "\(prefix).4") { _, _, _ in .init(body: "late", delay: .seconds(3)) }
        let timed = PilotShapes.route("outbound|9080||reviews.service.consul", timeout: "0.200s")
        let mesh = try await SidecarFixture(snapshot: routedMesh(prefix: prefix, reviews: slow, details: details, routeForReviews: timed), prefix: prefix)
        defer { Task { await mesh.shutdown(); await details.close(); await slow.close() } }

        let answer = try await mesh.get("http://reviews:9080/reviews/0")
        #expect(answer.status == 504)
        #expect(answer.body == "upstream request timeout")
        #expect(answer.headers.first(name: "x-envoy-response-flags") == "UT")
        #expect(slow.requests.first?.headers.first(name: "x-envoy-expected-rq-timeout-ms") == "200")
        #expect(mesh.sidecar.runtime.stats.value("cluster.outbound|9080||reviews.service.consul.upstream_rq_timeout") == 1)
    }

    @Test func roundRobinAlternatesBetweenTwoEndpoints() async throws {
        let prefix = PodAddress.randomPrefix()
        let first = try await TestUpstream.named("v1", host: "\(prefix).4")
        let second = try await TestUpstream.named("v2", host: "\(prefix).8")
        let cluster = "outbound|9080||reviews.service.consul"
        let snapshot = PilotShapes.snapshot(
            listeners: [PilotShapes.outboundHTTPListener()],
            routes: [XDSRouteConfiguration(name: "9080", virtualHosts: [PilotShapes.virtualHost("reviews", routes: [PilotShapes.route(cluster)])])],
            clusters: [PilotShapes.edsCluster(cluster, endpoints: [("\(prefix).4", first.port), ("\(prefix).8", second.port)])])
        let mesh = try await SidecarFixture(snapshot: snapshot, prefix: prefix)
        defer { Task { await mesh.shutdown(); await first.close(); await second.close() } }
        var bodies: [String] = []
        for _ in 0..<6 { bodies.append(try await mesh.get("http://reviews:9080/reviews/0").body) }
        #expect(Set(bodies) == ["v1", "v2"])
        #expect(zip(bodies, bodies.dropFirst()).allSatisfy { $0 != $1 })
    }

    @Test func localRepliesForNoRouteNoClusterAndNoEndpoints() async throws {
        let prefix = PodAddress.randomPrefix()
        let snapshot = PilotShapes.snapshot(
            listeners: [PilotShapes.outboundHTTPListener()],
            routes: [XDSRouteConfiguration(name: "9080", virtualHosts: [
                PilotShapes.virtualHost("ratings", routes: [PilotShapes.route("outbound|9080||ratings.service.consul")]),
                PilotShapes.virtualHost("details", routes: [PilotShapes.route("outbound|9080||missing")]),
            ])],
            clusters: [PilotShapes.edsCluster("outbound|9080||ratings.service.consul", endpoints: [])])
        let mesh = try await SidecarFixture(snapshot: snapshot, prefix: prefix)
        defer { Task { await mesh.shutdown() } }

        let noRoute = try await mesh.get("http://reviews:9080/reviews/0")
        #expect(noRoute.status == 404)
        #expect(noRoute.headers.first(name: "x-envoy-response-flags") == "NR")
        let noCluster = try await mesh.get("http://details:9080/details/0")
        #expect(noCluster.status == 503)
        #expect(noCluster.headers.first(name: "x-envoy-response-flags") == "NC")
        let noHealthy = try await mesh.get("http://ratings:9080/ratings/0")
        #expect(noHealthy.status == 503)
        #expect(noHealthy.body == "no healthy upstream")
        #expect(noHealthy.headers.first(name: "x-envoy-response-flags") == "UH")
        let noListener = try await RawExchange.send("GET http://mongo:27017/ HTTP/1.1\r\n\r\n", host: mesh.podIP, port: 15001)
        #expect(noListener.hasPrefix("HTTP/1.1 502 Bad Gateway"))
        let stats = mesh.sidecar.runtime.stats
        #expect(stats.value("http.0.0.0.0_9080.no_route") == 1)
        #expect(stats.value("sidecar.response_flag.UH") == 1)
        #expect(stats.value("sidecar.response_flag.NC") == 1)
    }

    @Test func malformedHTTPInsideTheListenerGets400AndAClose() async throws {
        let prefix = PodAddress.randomPrefix()
        let mesh = try await SidecarFixture(snapshot: PilotShapes.snapshot(listeners: [PilotShapes.outboundHTTPListener()], clusters: []), prefix: prefix)
        defer { Task { await mesh.shutdown() } }
        let answer = try await RawExchange.send(
            "CONNECT reviews:9080 HTTP/1.1\r\n\r\nGET /reviews/0 HTTP/1.1\r\nHost: reviews\r\nContent-Length: nope\r\n\r\n", host: mesh.podIP, port: 15001)
        #expect(answer.hasPrefix("HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 400 Bad Request"))
        #expect(answer.contains("x-envoy-response-flags: DPE"))
        #expect(mesh.sidecar.runtime.stats.value("http.0.0.0.0_9080.downstream_cx_protocol_error") == 1)
    }

    @Test func inboundListenersFollowTheConfiguration() async throws {
        let prefix = PodAddress.randomPrefix()
        let podIP = "\(prefix).9"
        let app = try await TestUpstream.named("app", host: podIP)
        let inbound = "inbound|9080|http|details.service.consul"
        let withInbound = PilotShapes.snapshot(
            version: "2", listeners: [PilotShapes.outboundHTTPListener(), PilotShapes.inboundListener(podIP: podIP, service: "details")],
            clusters: [(XDSCluster(name: inbound, type: .staticHosts, hosts: [XDSAddress(address: podIP, port: app.port)]),
                XDSClusterLoadAssignment(clusterName: inbound, addresses: []))])
        let mesh = try await SidecarFixture(snapshot: PilotShapes.snapshot(listeners: [PilotShapes.outboundHTTPListener()], clusters: []), podIP: podIP, prefix: prefix)
        defer { Task { await mesh.shutdown(); await app.close() } }
        #expect(await mesh.sidecar.listeners.boundInbound().isEmpty)
        try await mesh.sidecar.apply(withInbound)
        #expect(await mesh.sidecar.listeners.boundInbound()["\(podIP)_9080"]?.port == 9080)
        let answer = try await RawExchange.send("GET / HTTP/1.1\r\nHost: details\r\nConnection: close\r\n\r\n", host: podIP, port: 9080)
        #expect(answer.hasSuffix("app"))
        try await mesh.sidecar.apply(PilotShapes.snapshot(version: "3", listeners: [PilotShapes.outboundHTTPListener()], clusters: []))
        #expect(await mesh.sidecar.listeners.boundInbound().isEmpty)
        await #expect(throws: (any Error).self) {
            _ = try await RawExchange.send("GET / HTTP/1.1\r\nHost: details\r\n\r\n", host: podIP, port: 9080)
        }
    }
}
