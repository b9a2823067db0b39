import AsyncHTTPClient
import Foundation
import Logging
import Mesh
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing

/// xDS resources shaped as Pilot 1.1 builds them, for sidecar tests.
enum PilotShapes {
    static func outboundHTTPListener(port: Int = 9080, traceSampling: Double? = nil) -> XDSListener {
        XDSListener(
            name: "0.0.0.0_\(port)", address: XDSAddress(address: "0.0.0.0", port: port),
            filterChains: [XDSFilterChain(filters: [.httpConnectionManager(XDSHTTPConnectionManager(
                statPrefix: "0.0.0.0_\(port)", rds: .init(routeConfigName: "\(port)"),
                tracing: .init(operationName: .egress, randomSampling: traceSampling)))])])
    }

    static func outboundTCPListener(port: Int = 9080, cluster: String) -> XDSListener {
        XDSListener(
            name: "0.0.0.0_\(port)", address: XDSAddress(address: "0.0.0.0", port: port),
            filterChains: [XDSFilterChain(filters: [.tcpProxy(XDSTCPProxy(statPrefix: cluster, cluster: cluster))])])
    }

    static func inboundListener(podIP: String, port: Int = 9080, service: String) -> XDSListener {
        let cluster = "inbound|\(port)|http|\(service).service.consul"
        let routes = XDSRouteConfiguration(name: "inbound|http|\(port)", virtualHosts: [
            XDSVirtualHost(name: "inbound|http|\(port)", domains: ["*"], routes: [
                XDSRoute(match: .init(prefix: "/"), route: .init(cluster: cluster), decorator: .init(operation: "\(service).service.consul:\(port)/*")),
            ]),
        ])
        return XDSListener(
            name: "\(podIP)_\(port)", address: XDSAddress(address: podIP, port: port),
            filterChains: [XDSFilterChain(filters: [.httpConnectionManager(XDSHTTPConnectionManager(
                statPrefix: "\(podIP)_\(port)", routeConfig: routes, tracing: .init(operationName: .ingress)))])])
    }

    /// Istio's domains for a Consul service on a port.
    static func virtualHost(_ service: String, port: Int = 9080, routes: [XDSRoute]) -> XDSVirtualHost {
        let host = "\(service).service.consul"
        return XDSVirtualHost(
            name: "\(host):\(port)",
            domains: [host, "\(host):\(port)", service, "\(service):\(port)", "\(service).service", "\(service).service:\(port)"], routes: routes)
    }

    static func route(_ cluster: String, timeout: String = "0s", retry: XDSRetryPolicy? = .istioDefault, fault: XDSFault? = nil) -> XDSRoute {
        XDSRoute(match: .init(prefix: "/"), route: .init(cluster: cluster, timeout: timeout, retryPolicy: retry), decorator: .init(operation: "\(cluster)/*"), fault: fault)
    }

    static func edsCluster(_ name: String, endpoints: [(String, Int)], lb: XDSCluster.LoadBalancing = .roundRobin) -> (XDSCluster, XDSClusterLoadAssignment) {
        (XDSCluster(name: name, type: .eds, edsClusterConfig: .init(serviceName: name), lbPolicy: lb),
            XDSClusterLoadAssignment(clusterName: name, addresses: endpoints.map { XDSAddress(address: $0.0, port: $0.1) }))
    }

    static func snapshot(version: String = "1", listeners: [XDSListener], routes: [XDSRouteConfiguration] = [], clusters: [(XDSCluster, XDSClusterLoadAssignment)]) -> XDSSnapshot {
        XDSSnapshot(version: version, listeners: listeners, routes: routes, clusters: clusters.map(\.0), endpoints: clusters.map(\.1))
    }
}

/// Spans the sidecar reported, for assertions: each written as the reporter would send it and
/// read back with Foundation's decoder, so the assertions also check the JSON.
final class SpanRecorder: SpanSink {
    private let spans = NIOLockedValueBox<[ZipkinSpan]>([])
    func report(_ span: some ZipkinJSONWritable) {
        var json = ByteBuffer()
        span.writeJSON(into: &json)
        do {
            let decoded = try JSONDecoder().decode(ZipkinSpan.self, from: Data(json.readableBytesView))
            spans.withLockedValue { $0.append(decoded) }
        } catch {
            Issue.record("reported span is not Zipkin JSON: \(error): \(String(buffer: json))")
        }
    }
    var all: [ZipkinSpan] { spans.withLockedValue { $0 } }
}

/// One sidecar on a random pod address with its 15001 entry bound, and an HTTP client
/// using it as its proxy the way the Bookinfo apps do.
final class SidecarFixture: Sendable {
    let prefix: String
    let podIP: String
    let sidecar: Sidecar
    let client: HTTPClient
    let spans: SpanRecorder

    init(snapshot: XDSSnapshot?, podIP: String? = nil, prefix: String = PodAddress.randomPrefix()) async throws {
        self.prefix = prefix
        let ip = podIP ?? "\(prefix).2"
        self.podIP = ip
        spans = SpanRecorder()
        var logger = Logger(label: "sidecar-test")
        logger.logLevel = .critical
        sidecar = Sidecar(
            options: SidecarOptions(identity: SidecarIdentity(podIP: ip, name: "productpage-v1", serviceCluster: "productpage"), controlPlaneURL: "http://127.0.0.1:1"),
            spans: spans, logger: logger)
        try await sidecar.bindFixedListeners()
        if let snapshot { try await sidecar.apply(snapshot) }
        var configuration = HTTPClient.Configuration()
        configuration.proxy = .server(host: ip, port: 15001)
        client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    /// GET through the sidecar's entry (CONNECT tunnel, as AsyncHTTPClient sends).
    func get(_ url: String, headers: [(String, String)] = []) async throws -> (status: Int, body: String, headers: HTTPHeaders) {
        var request = HTTPClientRequest(url: url)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await client.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body), response.headers)
    }

    func shutdown() async {
        try? await client.shutdown()
        await sidecar.shutdown()
    }
}

/// Raw bytes to a socket, everything until the peer closes (or 10 s pass).
enum RawExchange {
    final class Collect: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let done: EventLoopPromise<String>
        var text = ""
        init(done: EventLoopPromise<String>) { self.done = done }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            text += buffer.readString(length: buffer.readableBytes) ?? ""
        }
        func channelInactive(context: ChannelHandlerContext) { done.succeed(text) }
    }

    static func send(_ request: String, host: String, port: Int) async throws -> String {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let done = loop.makePromise(of: String.self)
        let channel: Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(Collect(done: done)) }
                }
                .connect(host: host, port: port).get()
        } catch {
            done.fail(error)
            throw error
        }
        try await channel.writeAndFlush(ByteBuffer(string: request))
        let timeout = loop.scheduleTask(in: .seconds(10)) { channel.close(promise: nil) }
        defer { timeout.cancel() }
        return try await done.futureResult.get()
    }
}
