import Hummingbird

/// The `tracing` role: the Zipkin v2 collector served on HOST:PORT.
public enum ZipkinCollectorServer {
    public static func application(
        collector: ZipkinCollector = ZipkinCollector(), host: String, port: Int,
        onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        HummingbirdServing.application(
            router: ZipkinHTTPAPI(collector: collector).router(), host: host, port: port, name: "tracing", onListening: onListening)
    }
}
