import AsyncHTTPClient
import Foundation
import NIOCore

/// What an app needs from the registry: registrator's two calls. (The team's ConsulClient
/// offers the same two; this keeps the apps independent of it.)
public protocol ServiceRegistrar: Sendable {
    /// `PUT /v1/agent/service/register` with the registration as its JSON body.
    func register(_ registration: ConsulServiceRegistration) async throws
    /// `PUT /v1/agent/service/deregister/<id>`.
    func deregister(serviceID: String) async throws
}

/// A registry call that failed: the URL and the status or transport error.
public struct RegistrarError: Error, CustomStringConvertible {
    public var url: String
    public var reason: String
    public var description: String { "\(url): \(reason)" }
}

/// The Consul agent API over HTTP, as registrator calls it.
public struct ConsulAgentRegistrar: ServiceRegistrar {
    let baseURL: String
    let httpClient: HTTPClient
    let timeout: TimeAmount

    public init(baseURL: String, httpClient: HTTPClient = .shared, timeout: TimeAmount = .seconds(5)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.httpClient = httpClient
        self.timeout = timeout
    }

    public func register(_ registration: ConsulServiceRegistration) async throws {
        let body = try JSONEncoder().encode(registration)
        try await put("/v1/agent/service/register", body: ByteBuffer(bytes: body), timeout: timeout)
    }

    public func deregister(serviceID: String) async throws {
        let escaped = serviceID.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? serviceID
        // Short: a stopping app should not hang on a registry that is gone (AsyncHTTPClient
        // retries a refused connection until the deadline).
        try await put("/v1/agent/service/deregister/\(escaped)", body: nil, timeout: min(timeout, .seconds(2)))
    }

    private func put(_ path: String, body: ByteBuffer?, timeout: TimeAmount) async throws {
        let url = baseURL + path
        var request = HTTPClientRequest(url: url)
        request.method = .PUT
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: timeout)
        } catch {
            throw RegistrarError(url: url, reason: "\(error)")
        }
        let text = String(buffer: (try? await response.body.collect(upTo: 64 * 1024)) ?? ByteBuffer())
        guard response.status == .ok else {
            throw RegistrarError(url: url, reason: "\(response.status.code) \(response.status.reasonPhrase) \(text)")
        }
    }
}
