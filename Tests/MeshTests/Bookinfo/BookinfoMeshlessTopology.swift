import AsyncHTTPClient
import Hummingbird
import Testing

@testable import Mesh

/// Bookinfo apps on 127.0.0.1 port 0, calling each other directly (no sidecar) through
/// `--resolve`-style routing. Everything started is stopped by `shutdown()`.
final class BookinfoMeshlessTopology: @unchecked Sendable {
    private var apps: [BookinfoApp] = []
    private var servers: [BookinfoHTTPServer] = []
    private var clients: [UpstreamClient] = []

    /// Serves `service` on 127.0.0.1:0; returns its address.
    func serve(_ service: some BookinfoService) async throws -> HostPort {
        let server = try await BookinfoHTTPServer.start(service, host: "127.0.0.1", port: 0, logger: BookinfoTest.logger)
        servers.append(server)
        return HostPort(host: "127.0.0.1", port: server.port)
    }

    /// Starts an app as `shakedown-mesh app` would, on port 0.
    func app(
        _ service: BookinfoServiceName, version: String = "v1", resolve: [String: HostPort] = [:],
        upstreamTimeout: Duration = .seconds(3), registry: String? = nil, registrator: RegistratorFlavor = .master
    ) async throws -> BookinfoApp {
        let options = BookinfoAppOptions(
            service: service, version: version, ip: "127.0.0.1", port: 0, registry: registry, registrator: registrator,
            routing: UpstreamRouting(resolve: resolve), upstreamTimeout: upstreamTimeout)
        let app = try await BookinfoApp.start(options, logger: BookinfoTest.logger)
        apps.append(app)
        return app
    }

    func address(_ app: BookinfoApp) -> HostPort { HostPort(host: "127.0.0.1", port: app.server.port) }

    /// An upstream client resolving the given names, stopped with the topology.
    func client(resolve: [String: HostPort]) -> UpstreamClient {
        let client = UpstreamClient(routing: UpstreamRouting(resolve: resolve))
        clients.append(client)
        return client
    }

    /// An address where nothing listens: a server that was started and stopped.
    func closedAddress() async throws -> HostPort {
        let server = try await BookinfoHTTPServer.start(DetailsService(), host: "127.0.0.1", port: 0, logger: BookinfoTest.logger)
        await server.stop()
        return HostPort(host: "127.0.0.1", port: server.port)
    }

    func shutdown() async {
        for app in apps { await app.stop() }
        for server in servers { await server.stop() }
        for client in clients { await client.shutdown() }
    }
}

/// An HTTP client that does not follow redirects (to see productpage's 302s).
enum NoRedirectClient {
    static func make() -> HTTPClient {
        HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
    }
}
