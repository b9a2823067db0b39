import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// A control plane answer the sidecar could not use.
public struct XDSClientError: Error, CustomStringConvertible {
    public let description: String
}

/// Envoy's REST-JSON xDS client: POSTs a `DiscoveryRequest` per resource type to
/// `/v2/discovery:{clusters,endpoints,listeners,routes}` with the version it runs (the
/// control plane holds the request until that changes: a long poll), and hands on a snapshot
/// only when all four answers carry the same `version_info`. A control plane that is down
/// leaves the running configuration in place; polling resumes with back-off.
public struct XDSClient: Sendable {
    public let baseURL: String
    public let node: XDSNode
    public let client: HTTPClient
    public let logger: Logger
    /// Longer than the control plane's ~25 s hold.
    public var pollTimeout: TimeAmount = .seconds(40)

    public init(baseURL: String, node: XDSNode, client: HTTPClient = .shared, logger: Logger) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.node = node
        self.client = client
        self.logger = logger
    }

    /// The four types at once; nil when their versions disagree (a push happened between).
    public func fetchSnapshot(knownVersion: String) async throws -> XDSSnapshot? {
        async let clusters = fetch(.clusters, XDSCluster.self, version: knownVersion)
        async let endpoints = fetch(.endpoints, XDSClusterLoadAssignment.self, version: knownVersion)
        async let listeners = fetch(.listeners, XDSListener.self, version: knownVersion)
        async let routes = fetch(.routes, XDSRouteConfiguration.self, version: knownVersion)
        let (c, e, l, r) = try await (clusters, endpoints, listeners, routes)
        let versions = Set([c.versionInfo, e.versionInfo, l.versionInfo, r.versionInfo])
        guard versions.count == 1, let version = versions.first else {
            logger.info("xds: versions differ (\(versions.sorted())), fetching again")
            return nil
        }
        return XDSSnapshot(
            version: version, listeners: l.resources.map(\.value), routes: r.resources.map(\.value), clusters: c.resources.map(\.value),
            endpoints: e.resources.map(\.value))
    }

    func fetch<Resource: Codable & Sendable & Equatable>(
        _ type: XDSResourceType, _: Resource.Type, version: String
    ) async throws -> XDSDiscoveryResponse<Resource> {
        let url = baseURL + type.restPath
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(XDSDiscoveryRequest(versionInfo: version, node: node, type: type))))
        let response = try await client.execute(request, timeout: pollTimeout)
        let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
        guard response.status == .ok else {
            throw XDSClientError(description: "POST \(url) answered \(response.status.code): \(String(buffer: body).prefix(200))")
        }
        do {
            return try JSONDecoder().decode(XDSDiscoveryResponse<Resource>.self, from: Data(body.readableBytesView))
        } catch {
            throw XDSClientError(description: "POST \(url): undecodable \(Resource.self) response: \(error)")
        }
    }

    /// Polls until cancelled, calling `apply` with each new consistent snapshot. `apply`
    /// throwing means the snapshot was refused: it is not asked for again until it changes.
    public func run(apply: @Sendable (XDSSnapshot) async throws -> Void) async {
        var known = ""
        var fresh = false
        var backoff = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                guard let snapshot = try await fetchSnapshot(knownVersion: fresh ? "" : known) else {
                    fresh = true
                    continue
                }
                fresh = false
                backoff = .milliseconds(100)
                guard snapshot.version != known else { continue }
                known = snapshot.version
                do {
                    try await apply(snapshot)
                } catch {
                    logger.error("xds: configuration version \(snapshot.version) rejected: \(error)")
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("xds: control plane \(baseURL) unavailable (\(error)); keeping the running configuration, retrying in \(backoff)")
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, .seconds(5))
            }
        }
    }
}
