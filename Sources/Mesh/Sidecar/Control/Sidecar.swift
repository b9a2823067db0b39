import Foundation
import AsyncHTTPClient
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// How one sidecar is started (the `sidecar` subcommand's flags).
public struct SidecarOptions: Sendable {
    public var identity: SidecarIdentity
    public var controlPlaneURL: String
    public var zipkinURL: String?
    public var proxyPort: Int
    public var adminPort: Int
    public var publish: [PublishSpec]

    public init(
        identity: SidecarIdentity, controlPlaneURL: String, zipkinURL: String? = nil, proxyPort: Int = 15001, adminPort: Int = 15000,
        publish: [PublishSpec] = []
    ) {
        self.identity = identity
        self.controlPlaneURL = controlPlaneURL
        self.zipkinURL = zipkinURL
        self.proxyPort = proxyPort
        self.adminPort = adminPort
        self.publish = publish
    }
}

/// `--publish HOST:PORT=TARGET`: an extra real bind feeding the inbound listener of TARGET.
public struct PublishSpec: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var targetPort: Int

    public init(host: String, port: Int, targetPort: Int) {
        self.host = host
        self.port = port
        self.targetPort = targetPort
    }

    public init(parsing text: String) throws {
        let sides = text.split(separator: "=", omittingEmptySubsequences: false)
        guard sides.count == 2, let target = Int(sides[1]), (1...65535).contains(target),
            let (host, port) = FirstBytes.splitAuthority(sides[0], defaultPort: nil)
        else { throw XDSClientError(description: "--publish '\(text)' is not HOST:PORT=TARGET_PORT") }
        self.init(host: host, port: port, targetPort: target)
    }
}

/// One sidecar: runtime, sockets, admin documents and the xDS client, put together. It runs
/// whatever `XDSSnapshot` it is given, as Envoy 1.10 under Istio 1.1 would.
///
/// | folder | what |
/// |---|---|
/// | `Routing/` | pure: `VirtualHostMatcher` (exact, `*suffix`, `prefix*`, `*`; no port stripping), `CompiledRoute` (prefix/path/regex on the path without query, header matchers incl. `:method`/`:authority`/`:scheme`, weighted clusters), `RouteTable`, `RetryPolicy`, `FaultDecision`, `ResponseFlags`, `FullMatchRegex` (compiled once per config version, `\A(?:…)\z`) |
/// | `Downstream/` | `EntrySniffer` + `FirstBytes` (the POD_IP:15001 entry: CONNECT / absolute-form / origin-form+Host → listener `0.0.0.0_<port>`), `HTTPConnectionHandler` (connection manager), `TCPProxy` + `SpliceHandler` (tcp_proxy), `ProxyHeaders`, `FastRandom` |
/// | `Upstream/` | `UpstreamPool` (keep-alive connections per host and event loop), `UpstreamHTTPHandler`, `RequestForwarder` (attempts, retries, back-off, per-try and route timeouts), `ClusterRuntime`, `LoadBalancer` |
/// | `Control/` | `SidecarConfig` (compiled snapshot), `SidecarRuntime`, `ListenerManager` (real binds follow the config), `XDSClient` (REST long poll), `Sidecar` (composition) |
/// | `Observability/` | `SidecarStats` (Envoy-like names), `TraceContext` (B3), `ProxySpan`, `SpanSink` (the `ZipkinReporter` in the process) |
/// | `Admin/` | `AdminViews` (documents), `ConfigDump` (Envoy 1.10 shape), `AdminServer` (Hummingbird) |
///
/// Local replies and their response flags (visible to clients in the `x-envoy-response-flags`
/// header — our addition, Envoy only logs them — and counted as `sidecar.response_flag.<FLAG>`):
///
/// | case | status | body | flag |
/// |---|---|---|---|
/// | no virtual host / route | 404 | empty | NR |
/// | 15001 entry: no listener for the destination port | 502 | `no listener for port N` | NR |
/// | route's cluster unknown | 503 | empty | NC |
/// | cluster without endpoints | 503 | `no healthy upstream` | UH |
/// | connect failure | 503 | `upstream connect error or disconnect/reset before headers` | UF |
/// | upstream closed before the response | 503 | same | UC |
/// | route timeout / per-try timeout | 504 | `upstream request timeout` | UT |
/// | retries wanted but exhausted | upstream's | upstream's | URX (added) |
/// | fault abort / delay | abort status | `fault filter abort` | FI / DI |
/// | malformed HTTP from the client | 400, then close | `bad request: <reason>` | DPE |
///
/// Limits: request and response bodies are held whole (8 MiB request cap → 413) so retries can
/// resend; a 15001 connection keeps the listener chosen by its first request; `Expect:
/// 100-continue` is not answered by the proxy.
public final class Sidecar: Sendable {
    public let options: SidecarOptions
    public let runtime: SidecarRuntime
    public let listeners: ListenerManager
    public let views: AdminViews
    private let firstApplied = NIOLockedValueBox<Bool>(false)

    public init(options: SidecarOptions, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, spans: (any SpanSink)?, logger: Logger) {
        self.options = options
        runtime = SidecarRuntime(identity: options.identity, spans: spans, logger: logger)
        listeners = ListenerManager(group: group, runtime: runtime)
        var statics = [XDSCluster]()
        if let (host, port) = Self.hostPort(options.controlPlaneURL) {
            statics.append(XDSCluster(name: "xds-grpc", type: .staticHosts, hosts: [XDSAddress(address: host, port: port)]))
        }
        if let zipkin = options.zipkinURL, let (host, port) = Self.hostPort(zipkin) {
            statics.append(XDSCluster(name: "zipkin", type: .staticHosts, hosts: [XDSAddress(address: host, port: port)]))
        }
        views = AdminViews(runtime: runtime, staticClusters: statics, adminAddress: XDSAddress(address: options.identity.podIP, port: options.adminPort))
    }

    /// Binds the 15001 entry and the `--publish` sockets; returns the entry's address.
    @discardableResult
    public func bindFixedListeners() async throws -> SocketAddress {
        let entry = try await listeners.bindEntry(host: options.identity.podIP, port: options.proxyPort)
        for spec in options.publish {
            try await listeners.bindPublish(host: spec.host, port: spec.port, targetPort: spec.targetPort)
        }
        return entry
    }

    /// Runs a snapshot: compiles it (a snapshot that does not compile is refused whole) and
    /// binds or closes inbound listeners. Returns true the first time a configuration is applied.
    @discardableResult
    public func apply(_ snapshot: XDSSnapshot) async throws -> Bool {
        let config: SidecarConfig
        do {
            config = try runtime.apply(snapshot)
            runtime.stats.counter("listener_manager.lds.update_success").add()
            runtime.stats.counter("cluster_manager.cds.update_success").add()
        } catch {
            runtime.stats.counter("listener_manager.lds.update_rejected").add()
            runtime.stats.counter("cluster_manager.cds.update_rejected").add()
            throw error
        }
        await listeners.reconcile(config)
        runtime.logger.info("applied configuration version \(snapshot.version): \(snapshot.listeners.count) listeners, \(snapshot.clusters.count) clusters")
        return firstApplied.withLockedValue { applied in
            defer { applied = true }
            return !applied
        }
    }

    /// Polls the control plane until cancelled; `onFirstConfig` runs once, after the first
    /// configuration is running.
    public func runXDS(client: HTTPClient = .shared, onFirstConfig: @escaping @Sendable () -> Void = {}) async {
        let xds = XDSClient(baseURL: options.controlPlaneURL, node: options.identity.node, client: client, logger: runtime.logger)
        await xds.run { snapshot in
            if try await self.apply(snapshot) { onFirstConfig() }
        }
    }

    /// The admin port's application (Hummingbird); `runService()` serves until SIGTERM/SIGINT.
    public func adminApplication(onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> some ApplicationProtocol {
        AdminServer.application(views: views, host: options.identity.podIP, port: options.adminPort, onServerRunning: onServerRunning)
    }

    public func shutdown() async {
        await listeners.closeAll()
        runtime.pool.closeAll()
    }

    private static func hostPort(_ url: String) -> (String, Int)? {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") { rest = rest[scheme.upperBound...] }
        return FirstBytes.splitAuthority(rest.prefix { $0 != "/" }, defaultPort: 80)
    }
}
