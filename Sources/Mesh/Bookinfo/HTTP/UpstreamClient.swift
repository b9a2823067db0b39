import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// How a service reaches `details:9080` and friends: through the pod's sidecar as an HTTP
/// proxy (the mesh), or directly, optionally with a name pinned to an address (tests, and
/// running without a sidecar) — curl's `--resolve`, keeping the Host header.
public struct UpstreamRouting: Sendable {
    public var proxy: HostPort?
    public var resolve: [String: HostPort]

    public init(proxy: HostPort? = nil, resolve: [String: HostPort] = [:]) {
        self.proxy = proxy
        self.resolve = resolve
    }
}

/// An upstream's answer, or why there is none. The originals tell the two apart: Python's
/// requests raises on a refused connection or a timeout, Java's JAX-RS client throws
/// ProcessingException.
public enum UpstreamResult: Sendable {
    case response(status: Int, body: [UInt8])
    case failure(UpstreamCallFailure)
}

public enum UpstreamCallFailure: Error, Sendable, Equatable {
    case timedOut
    case connectionFailed(String)
}

/// GETs upstream URLs with AsyncHTTPClient, through `UpstreamRouting`.
public final class UpstreamClient: Sendable {
    let client: HTTPClient
    let routing: UpstreamRouting
    /// Largest upstream body read; the services' answers are a few hundred bytes.
    static var maxBodySize: Int { 4 << 20 }

    public init(routing: UpstreamRouting) {
        self.routing = routing
        var configuration = HTTPClient.Configuration()
        if let proxy = routing.proxy {
            configuration.proxy = .server(host: proxy.host, port: proxy.port)
        }
        // The caller's per-request timeout is the one that counts (3 s, 2.5 s, 10 s).
        configuration.timeout = .init(connect: .seconds(10))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// `GET http://host:port/path` with `headers`, within `timeout`.
    public func get(
        host: String, port: Int, path: String, headers: [(String, String)], timeout: Duration
    ) async -> UpstreamResult {
        let authority = "\(host):\(port)"
        let target = routing.proxy == nil ? (routing.resolve[host] ?? HostPort(host: host, port: port)) : HostPort(host: host, port: port)
        var request = HTTPClientRequest(url: "http://\(target)\(path)")
        request.method = .GET
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if routing.proxy == nil, routing.resolve[host] != nil {
            request.headers.replaceOrAdd(name: "Host", value: authority)
        }
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(nanoseconds))
            let body = try await response.body.collect(upTo: Self.maxBodySize)
            return .response(status: Int(response.status.code), body: Array(buffer: body))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            return .failure(.timedOut)
        } catch {
            return .failure(.connectionFailed(String(describing: error)))
        }
    }

    public func shutdown() async {
        try? await client.shutdown()
    }
}
