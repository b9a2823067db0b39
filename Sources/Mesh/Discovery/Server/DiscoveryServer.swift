import Hummingbird
import Logging
import NIOCore

/// Pilot-style discovery over HTTP: the REST-JSON xDS endpoints and debug views of a hub.
public struct DiscoveryServer: Sendable {
    public let hub: DiscoveryHub
    public let host: String
    public let port: Int
    /// How long a long poll is held without a change (Envoy's REST fetches time out later).
    public let holdTimeout: Duration
    let logger: Logger

    public init(
        hub: DiscoveryHub, host: String, port: Int, holdTimeout: Duration = .seconds(25),
        logger: Logger = Logger(label: "shakedown-mesh.discovery")
    ) {
        self.hub = hub
        self.host = host
        self.port = port
        self.holdTimeout = holdTimeout
        self.logger = logger
    }

    /// Serves until the task is cancelled; `onListening` gets the bound port (useful with 0).
    /// Cancellation closes the hub first so held long polls end and shutdown is prompt.
    public func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        var serverLogger = logger
        // Hummingbird's per-request lines would drown the control plane's own log.
        serverLogger.logLevel = max(logger.logLevel, .notice)
        let app = Application(
            responder: DiscoveryResponder(hub: hub, holdTimeout: holdTimeout),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "shakedown-mesh discovery"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
            logger: serverLogger)
        let hub = hub
        try await withTaskCancellationHandler {
            try await app.run()
        } onCancel: {
            hub.close()
        }
    }
}
