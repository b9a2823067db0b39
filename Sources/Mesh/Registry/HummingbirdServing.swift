import Hummingbird
import Logging
import NIOCore

/// A Hummingbird application for one of the mesh's HTTP roles: logs to stderr (stdout carries
/// only the readiness line) and reports the port it actually bound, so `:0` works.
enum HummingbirdServing {
    static func application(
        router: Router<BasicRequestContext>, host: String, port: Int, name: String,
        onListening: @escaping @Sendable (_ port: Int) async -> Void
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "shakedown-mesh.\(name)") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = .notice
        return Application(
            router: router,
            // No Server header: Consul and Zipkin send none.
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
