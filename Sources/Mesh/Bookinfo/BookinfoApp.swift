import Logging

/// The four Bookinfo services.
public enum BookinfoServiceName: String, Sendable, CaseIterable {
    case productpage, details, reviews, ratings
}

/// How to run one Bookinfo app (`shakedown-mesh app …`).
public struct BookinfoAppOptions: Sendable {
    public var service: BookinfoServiceName
    public var version: String
    /// The pod address the app listens on (and registers).
    public var ip: String
    /// Where it listens: the service port + 10000 by the contract's convention; 0 in tests.
    public var port: Int
    /// The Consul-style registry's base URL; nil: no registration.
    public var registry: String?
    public var registrator: RegistratorFlavor
    public var routing: UpstreamRouting
    /// productpage's upstream timeout (3 s as the original).
    public var upstreamTimeout: Duration
    /// SERVICE_NAME, SERVICE_TAGS, SERVICE_PROTOCOL, SERVICES_DOMAIN, ENABLE_RATINGS, STAR_COLOR.
    public var environment: [String: String]

    public init(
        service: BookinfoServiceName, version: String = "v1", ip: String, port: Int = 19080, registry: String? = nil,
        registrator: RegistratorFlavor = .master, routing: UpstreamRouting = UpstreamRouting(),
        upstreamTimeout: Duration = .seconds(3), environment: [String: String] = [:]
    ) {
        self.service = service
        self.version = version
        self.ip = ip
        self.port = port
        self.registry = registry
        self.registrator = registrator
        self.routing = routing
        self.upstreamTimeout = upstreamTimeout
        self.environment = environment
    }

    /// `details-v1`.
    public var name: String { "\(service.rawValue)-\(version)" }
}

/// A running Bookinfo app: its server, its upstream client and its registration.
public final class BookinfoApp: Sendable {
    public let options: BookinfoAppOptions
    public let server: BookinfoHTTPServer
    let upstream: UpstreamClient
    public let registration: RegistrationKeeper?

    private init(options: BookinfoAppOptions, server: BookinfoHTTPServer, upstream: UpstreamClient, registration: RegistrationKeeper?) {
        self.options = options
        self.server = server
        self.upstream = upstream
        self.registration = registration
    }

    /// `http://ip:port` it listens on.
    public var url: String { "http://\(HostPort(host: options.ip, port: server.port))" }

    /// Binds and serves, then starts registering (in the background when the registry is
    /// down). `registrar` defaults to the Consul agent API at `options.registry`.
    public static func start(
        _ options: BookinfoAppOptions, registrar: (any ServiceRegistrar)? = nil, logger: Logger
    ) async throws -> BookinfoApp {
        let upstream = UpstreamClient(routing: options.routing)
        let server: BookinfoHTTPServer
        do {
            server = try await BookinfoHTTPServer.start(
                makeService(options, upstream: upstream), host: options.ip, port: options.port, serverName: serverName(options.service),
                logger: logger)
        } catch {
            await upstream.shutdown()
            throw error
        }
        var keeper: RegistrationKeeper?
        if let registrar = registrar ?? options.registry.map({ ConsulClient(baseURL: $0) }) {
            let registration = BookinfoRegistration.make(
                service: options.service.rawValue, version: options.version, address: options.ip, flavor: options.registrator,
                environment: options.environment)
            keeper = RegistrationKeeper(registrar: registrar, registration: registration, logger: logger)
            keeper?.start()
        }
        return BookinfoApp(options: options, server: server, upstream: upstream, registration: keeper)
    }

    /// Deregisters first (as registrator does when the container stops), then stops serving.
    public func stop() async {
        await registration?.stop()
        await server.stop()
        await upstream.shutdown()
    }

    static func makeService(_ options: BookinfoAppOptions, upstream: UpstreamClient) -> any BookinfoService {
        switch options.service {
        case .details:
            return DetailsService()
        case .ratings:
            return RatingsService()
        case .reviews:
            return ReviewsService(configuration: .forVersion(options.version, environment: options.environment), upstream: upstream)
        case .productpage:
            return ProductPageService(
                configuration: ProductPageConfiguration(
                    upstreamTimeout: options.upstreamTimeout, servicesDomain: options.environment["SERVICES_DOMAIN"]),
                upstream: upstream)
        }
    }

    /// The Server header details' WEBrick sent; the others are left without one.
    static func serverName(_ service: BookinfoServiceName) -> String? {
        service == .details ? WEBrickErrorPage.serverSoftware : nil
    }
}
