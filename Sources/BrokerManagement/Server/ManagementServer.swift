import Broker
import Hummingbird
import Logging
import NIOCore

/// The management API's HTTP server: Hummingbird serving `ManagementAPI` on a port.
public enum ManagementServer {
    /// The Hummingbird application; `runService()` serves until cancelled.
    public static func application(
        node: BrokerNode, host: String = "127.0.0.1", port: Int,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "shakedown-broker.management")
        logger.logLevel = .notice
        return Application(
            responder: ManagementAPI(node: node, managementPort: port).responder,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "Shakedown Broker Management"),
            onServerRunning: onServerRunning,
            logger: logger)
    }
}
