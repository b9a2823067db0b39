import Foundation
import Hummingbird
import NIOConcurrencyHelpers

/// Envoy's REST-JSON xDS (`POST /v2/discovery:{clusters,endpoints,listeners,routes}`) plus
/// debug views. A request whose `version_info` is the current version is held until the next
/// push or `holdTimeout` (long poll), then answered with whatever version is current.
struct DiscoveryResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let hub: DiscoveryHub
    let holdTimeout: Duration
    let nonces = NIOLockedValueBox<UInt64>(0)
    static let maxBodySize = 1 << 20

    func respond(to request: Request, context: Context) async throws -> Response {
        let path = request.uri.path
        if let type = XDSResourceType.allCases.first(where: { $0.restPath == path }) {
            guard request.method == .post else { return Self.text(.methodNotAllowed, "\(path) takes POST\n", allow: "POST") }
            return await discovery(type, request: request)
        }
        let debug: [String: @Sendable () throws -> Response] = [
            "/debug/registryz": { try Self.json(hub.services) },
            "/debug/adsz": { try Self.json(hub.proxies) },
            "/debug/version": { Self.text(.ok, "\(hub.version)\n") },
        ]
        if let view = debug[path] {
            guard request.method == .get || request.method == .head else { return Self.text(.methodNotAllowed, "\(path) takes GET\n", allow: "GET") }
            return try view()
        }
        return Self.text(.notFound, "no such endpoint: \(request.method) \(path)\n")
    }

    private func discovery(_ type: XDSResourceType, request: Request) async -> Response {
        let discoveryRequest: XDSDiscoveryRequest
        let proxy: DiscoveryProxy
        do {
            let body = try await request.body.collect(upTo: Self.maxBodySize)
            discoveryRequest = try JSONDecoder().decode(XDSDiscoveryRequest.self, from: Data(buffer: body))
            proxy = try DiscoveryProxy(node: discoveryRequest.node)
            if !discoveryRequest.typeURL.isEmpty, discoveryRequest.typeURL != type.rawValue {
                throw DiscoveryRequestError("type_url '\(discoveryRequest.typeURL)' does not match \(type.restPath) (\(type.rawValue))")
            }
        } catch let error as DecodingError {
            return Self.text(.badRequest, "malformed DiscoveryRequest: \(Self.describe(error))\n")
        } catch let error as DiscoveryRequestError {
            return Self.text(.badRequest, "\(error)\n")
        } catch {
            return Self.text(.badRequest, "cannot read DiscoveryRequest body: \(error)\n")
        }

        if discoveryRequest.versionInfo == hub.version {
            await hub.waitForChange(from: discoveryRequest.versionInfo, timeout: holdTimeout)
        }
        let translation = hub.translation(for: proxy)
        hub.record(proxy, type: type, version: translation.snapshot.version)
        do {
            return try Self.json(response(type, translation.snapshot, names: Set(discoveryRequest.resourceNames)))
        } catch {
            return Self.text(.internalServerError, "cannot encode DiscoveryResponse: \(error)\n")
        }
    }

    /// Clusters and listeners are sent whole (Envoy's CDS/LDS); endpoints and routes only the
    /// names asked for, all of them when none are named.
    private func response(_ type: XDSResourceType, _ snapshot: XDSSnapshot, names: Set<String>) -> any Encodable {
        let nonce = String(nonces.withLockedValue { $0 += 1; return $0 })
        func wanted(_ name: String) -> Bool { names.isEmpty || names.contains(name) }
        switch type {
        case .clusters:
            return XDSDiscoveryResponse(versionInfo: snapshot.version, resources: snapshot.clusters, type: type, nonce: nonce)
        case .listeners:
            return XDSDiscoveryResponse(versionInfo: snapshot.version, resources: snapshot.listeners, type: type, nonce: nonce)
        case .endpoints:
            return XDSDiscoveryResponse(
                versionInfo: snapshot.version, resources: snapshot.endpoints.filter { wanted($0.clusterName) }, type: type, nonce: nonce)
        case .routes:
            return XDSDiscoveryResponse(
                versionInfo: snapshot.version, resources: snapshot.routes.filter { wanted($0.name) }, type: type, nonce: nonce)
        }
    }

    static func json(_ value: any Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ status: HTTPResponse.Status, _ text: String, allow: String? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "text/plain; charset=utf-8"]
        if let allow { headers[.allow] = allow }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// "at node.id: expected String, found a number" rather than Foundation's dump.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "at the top level" : "at \(keys.joined(separator: "."))"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing field '\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "\(path(context)): expected \(type): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "\(path(context)): expected \(type), found null"
        case .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
