import Hummingbird

/// The `registry` role: the Consul API subset served on HOST:PORT.
public enum ConsulRegistryServer {
    /// The application; `runService()` serves until cancelled or signalled. `onListening` gets
    /// the bound port once the socket listens.
    public static func application(
        registry: ConsulRegistry = ConsulRegistry(), host: String, port: Int,
        onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        HummingbirdServing.application(
            router: ConsulHTTPAPI(registry: registry).router(), host: host, port: port, name: "registry", onListening: onListening)
    }
}
