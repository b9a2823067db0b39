import Hummingbird
import Logging
import NIOCore

/// The Kubernetes-style config API (what `kubectl --server http://HOST:PORT` talks to),
/// served with Hummingbird over an `IstioConfigStore`.
public struct ConfigAPIServer: Sendable {
    public let store: IstioConfigStore
    public let host: String
    public let port: Int

    public init(store: IstioConfigStore, host: String, port: Int) {
        self.store = store
        self.host = host
        self.port = port
    }

    /// Serves until cancelled or SIGTERM/SIGINT.
    public func run() async throws {
        try await run(onListening: { _ in }, handleSignals: true)
    }

    /// Serves until cancelled; `onListening` gets the bound port (useful with port 0).
    /// `handleSignals: false` leaves SIGTERM/SIGINT to the caller (tests, a shared process).
    public func run(onListening: @escaping @Sendable (Int) async -> Void, handleSignals: Bool = false) async throws {
        var logger = Logger(label: "shakedown-mesh.config-api")
        logger.logLevel = .notice
        let application = Application(
            responder: ConfigAPIResponder(api: ConfigAPI(store: store)),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "shakedown-config-api"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: logger)
        try await application.runService(gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [])
    }
}
