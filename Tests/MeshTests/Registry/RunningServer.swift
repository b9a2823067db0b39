import Hummingbird
import Logging
import ServiceLifecycle
import Testing

/// Runs a role's Hummingbird application on 127.0.0.1:0 for the duration of `body`, which gets
/// the bound port; the server is stopped afterwards, also when `body` throws.
func withRunningServer<App: ApplicationProtocol>(
    _ makeApplication: (_ onListening: @escaping @Sendable (Int) async -> Void) -> App,
    _ body: (_ port: Int) async throws -> Void
) async throws {
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let application = makeApplication { port in continuation.yield(port) }
    // Stopped by a graceful shutdown, as SIGTERM stops the real roles.
    let group = ServiceGroup(configuration: .init(services: [application], logger: Logger(label: "test-server")))
    let server = Task {
        defer { continuation.finish() }
        try await group.run()
    }
    var iterator = ports.makeAsyncIterator()
    guard let port = await iterator.next() else {
        let result = await server.result
        Issue.record("server stopped before listening: \(result)")
        return
    }
    do {
        try await body(port)
    } catch {
        await group.triggerGracefulShutdown()
        _ = await server.result
        throw error
    }
    await group.triggerGracefulShutdown()
    try await server.value
}

