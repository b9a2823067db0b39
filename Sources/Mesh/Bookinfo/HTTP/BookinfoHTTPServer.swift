import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// A Bookinfo service listening on a socket: Hummingbird running in a task, with the bound
/// port known once it listens (tests bind port 0).
public final class BookinfoHTTPServer: Sendable {
    public let host: String
    public let port: Int
    private let task: Task<Void, any Error>

    private init(host: String, port: Int, task: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.task = task
    }

    /// Binds `host:port` and serves `service` until `stop()`; throws when the bind fails.
    public static func start(
        _ service: some BookinfoService, host: String, port: Int, serverName: String? = nil, logger: Logger
    ) async throws -> BookinfoHTTPServer {
        let (bound, continuation) = AsyncStream.makeStream(of: Int.self)
        // Hummingbird reports a cancelled server (our stop) as an error; the services never
        // throw, so its log has nothing else to say.
        var serverLogger = logger
        serverLogger.logLevel = .critical
        let app = Application(
            responder: BookinfoResponder(service: service),
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: serverName),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? port)
                continuation.finish()
            },
            logger: serverLogger)
        let task = Task {
            defer { continuation.finish() }
            try await app.run()
        }
        var iterator = bound.makeAsyncIterator()
        guard let boundPort = await iterator.next() else {
            // The stream ended before the server ran: the run failed (bind error); report it.
            try await task.value
            throw BookinfoServerError.notStarted(host: host, port: port)
        }
        return BookinfoHTTPServer(host: host, port: boundPort, task: task)
    }

    /// Stops listening and waits for the server task to end.
    public func stop() async {
        task.cancel()
        _ = await task.result
    }

    /// Waits until the server ends (cancelled from elsewhere, or failed).
    public func wait() async throws {
        try await task.value
    }
}

public enum BookinfoServerError: Error, CustomStringConvertible {
    case notStarted(host: String, port: Int)

    public var description: String {
        switch self {
        case .notStarted(let host, let port): "the server on \(host):\(port) ended before it listened"
        }
    }
}
