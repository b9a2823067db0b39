import AsyncHTTPClient
import Foundation
import NIOCore

/// A minimal Consul catalog reader over HTTP, standing in until the Registry part's
/// `ConsulClient` is merged (it conforms to the same `CatalogSource` calls).
public struct ConsulCatalogHTTPSource: CatalogSource {
    public let baseURL: String
    let httpClient: HTTPClient

    public init(baseURL: String, httpClient: HTTPClient = .shared) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.httpClient = httpClient
    }

    /// A client that reports a registry that is down at once: AsyncHTTPClient otherwise retries
    /// refused connections until the request's deadline, which hides an outage for the whole
    /// blocking-query timeout. The caller shuts it down.
    public static func makeHTTPClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: .seconds(2))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func services(index: Int?, wait: Duration?) async throws -> ConsulIndexed<[String: [String]]> {
        try await get("/v1/catalog/services", index: index, wait: wait)
    }

    public func service(_ name: String, index: Int?, wait: Duration?) async throws -> ConsulIndexed<[ConsulCatalogService]> {
        let escaped = name.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? name
        return try await get("/v1/catalog/service/\(escaped)", index: index, wait: wait)
    }

    private func get<Value: Decodable & Sendable>(_ path: String, index: Int?, wait: Duration?) async throws -> ConsulIndexed<Value> {
        var query: [String] = []
        if let index { query.append("index=\(index)") }
        if let wait { query.append("wait=\(wait.components.seconds)s") }
        let url = baseURL + path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        let response: HTTPClientResponse
        do {
            // Consul may hold a blocking query for wait + wait/16.
            let timeout = TimeAmount.seconds((wait?.components.seconds ?? 0) + 10)
            response = try await httpClient.execute(HTTPClientRequest(url: url), timeout: timeout)
        } catch {
            throw CatalogSourceError("GET \(url): \(error)")
        }
        let body = try await response.body.collect(upTo: 16 << 20)
        guard response.status == .ok else {
            throw CatalogSourceError("GET \(url): HTTP \(response.status.code) \(response.status.reasonPhrase): \(String(buffer: body).prefix(200))")
        }
        guard let header = response.headers.first(name: "X-Consul-Index"), let consulIndex = Int(header) else {
            throw CatalogSourceError("GET \(url): answer without a numeric X-Consul-Index header")
        }
        do {
            return ConsulIndexed(index: consulIndex, value: try JSONDecoder().decode(Value.self, from: Data(buffer: body)))
        } catch {
            throw CatalogSourceError("GET \(url): undecodable answer: \(error)")
        }
    }
}

/// A catalog read that failed, naming the URL and the reason.
public struct CatalogSourceError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
