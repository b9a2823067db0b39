import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Talks to a Consul agent (ours or a real one) over its HTTP API: what registrator does for
/// the apps, and the catalog reads, blocking or not, that discovery makes.
public struct ConsulClient: Sendable {
    public let baseURL: String
    private let httpClient: HTTPClient
    /// A non-blocking call that takes longer than this is a failure. AsyncHTTPClient retries a
    /// refused connection until then, so it is also how long a registry that is down takes to
    /// be reported.
    static let requestTimeout: TimeAmount = .seconds(5)
    static let maximumAnswerBytes = 16 << 20

    public init(baseURL: String, httpClient: HTTPClient = .shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.httpClient = httpClient
    }

    /// A client that reports a registry that is down at once: AsyncHTTPClient otherwise
    /// retries refused connections until the request's deadline, which hides an outage for a
    /// whole blocking query. The caller shuts it down.
    public static func makeFailFastHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(2))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func register(_ registration: ConsulServiceRegistration) async throws {
        let body = try JSONEncoder().encode(registration)
        _ = try await call(.PUT, "/v1/agent/service/register", body: body)
    }

    /// Deregisters an instance; Consul answers 200 even when there was none.
    public func deregister(serviceID: String) async throws {
        _ = try await call(.PUT, "/v1/agent/service/deregister/\(Self.pathSegment(serviceID))")
    }

    /// Service names with their tags. With `index`, blocks until the catalog passes it or
    /// `wait` elapses (the agent's default is 5 minutes).
    public func services(index: Int? = nil, wait: Duration? = nil) async throws -> ConsulIndexed<[String: [String]]> {
        try await blockingRead("/v1/catalog/services", query: [], index: index, wait: wait)
    }

    /// The instances of a service (`[]` if unknown), blocking as `services`.
    public func service(_ name: String, index: Int? = nil, wait: Duration? = nil) async throws -> ConsulIndexed<[ConsulCatalogService]> {
        try await blockingRead("/v1/catalog/service/\(Self.pathSegment(name))", query: [], index: index, wait: wait)
    }

    // MARK: Calls

    private func blockingRead<T: Decodable & Sendable>(
        _ path: String, query: [String], index: Int?, wait: Duration?
    ) async throws -> ConsulIndexed<T> {
        var query = query
        if let index { query.append("index=\(index)") }
        if let wait { query.append("wait=\(GoDuration.text(wait))") }
        let fullPath = query.isEmpty ? path : path + "?" + query.joined(separator: "&")
        // The agent may hold a blocking query for `wait` plus up to wait/16 of jitter.
        var timeout = Self.requestTimeout
        if index != nil {
            let held = wait ?? ConsulBlockingQuery.defaultWait
            timeout = timeout + .nanoseconds(Self.nanoseconds(held + held / 16))
        }
        let (headers, body) = try await call(.GET, fullPath, timeout: timeout)
        let url = baseURL + fullPath
        guard let indexText = headers.first(name: "X-Consul-Index"), let answeredIndex = Int(indexText) else {
            throw ConsulClientError(method: "GET", url: url, reason: "answer has no numeric X-Consul-Index header")
        }
        do {
            return ConsulIndexed(index: answeredIndex, value: try JSONDecoder().decode(T.self, from: body))
        } catch {
            throw ConsulClientError(method: "GET", url: url, reason: "unexpected answer: \(JSONDecodingProblem.describe(error, in: body))")
        }
    }

    /// One request; anything but 200 is an error carrying Consul's text.
    private func call(_ method: HTTPMethod, _ path: String, body: Data? = nil, timeout: TimeAmount = requestTimeout) async throws -> (HTTPHeaders, Data) {
        let url = baseURL + path
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let answer: Data
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: timeout)
            answer = Data(try await response.body.collect(upTo: Self.maximumAnswerBytes).readableBytesView)
        } catch {
            throw ConsulClientError(method: method.rawValue, url: url, reason: "\(error)")
        }
        guard response.status == .ok else {
            let text = String(decoding: answer, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw ConsulClientError(
                method: method.rawValue, url: url, status: Int(response.status.code),
                reason: text.isEmpty ? response.status.reasonPhrase : text)
        }
        return (response.headers, answer)
    }

    private static func pathSegment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove("/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
