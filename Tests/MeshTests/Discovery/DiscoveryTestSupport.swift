import AsyncHTTPClient
import Foundation
import Logging
import Mesh
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1

/// Runs a discovery server on 127.0.0.1:0 around `body` and stops it afterwards.
func withDiscoveryServer(
    hub: DiscoveryHub, holdTimeout: Duration = .seconds(25), _ body: @Sendable (Int) async throws -> Void
) async throws {
    let (ports, continuation) = AsyncStream<Int>.makeStream()
    let server = DiscoveryServer(hub: hub, host: "127.0.0.1", port: 0, holdTimeout: holdTimeout)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.run { continuation.yield($0) } }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw DiscoveryTestFailure("server did not start") }
        do {
            try await body(port)
        } catch {
            group.cancelAll()
            throw error
        }
        group.cancelAll()
    }
}

struct HTTPAnswer {
    var status: Int
    var body: String
}

func httpRequest(_ method: HTTPMethod, port: Int, _ path: String, body: String? = nil) async throws -> HTTPAnswer {
    var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
    request.method = method
    if let body { request.body = .bytes(ByteBuffer(string: body)) }
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
    return HTTPAnswer(status: Int(response.status.code), body: String(buffer: try await response.body.collect(upTo: 16 << 20)))
}

func discoveryBody(version: String, node: XDSNode, type: XDSResourceType, names: [String] = []) throws -> String {
    String(decoding: try JSONEncoder().encode(XDSDiscoveryRequest(versionInfo: version, node: node, resourceNames: names, type: type)), as: UTF8.self)
}


/// Keeps every log line, so tests can count what was logged.
final class RecordedLogs: Sendable {
    let lines = NIOLockedValueBox<[(level: Logger.Level, message: String)]>([])

    var logger: Logger {
        var logger = Logger(label: "test") { _ in Handler(logs: self) }
        logger.logLevel = .trace
        return logger
    }

    func count(_ level: Logger.Level) -> Int { lines.withLockedValue { $0.filter { $0.level == level }.count } }

    func messages(_ level: Logger.Level) -> [String] { lines.withLockedValue { $0.filter { $0.level == level }.map(\.message) } }

    struct Handler: LogHandler {
        let logs: RecordedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            logs.lines.withLockedValue { $0.append((event.level, "\(event.message)")) }
        }
    }
}

struct DiscoveryTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
