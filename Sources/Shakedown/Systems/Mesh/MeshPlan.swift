import Foundation

/// Where every part of a Bookinfo mesh will listen, decided before anything starts.
///
/// Pods get loopback addresses of their own (127.A.B.N: Linux routes all of 127/8 to lo), so
/// every pod can use Istio's real ports — service 9080, sidecar outbound 15001, admin 15000,
/// app 19080 — as the seed's containers did. The shared services (registry, control plane,
/// tracing) and the published productpage port are free ports on 127.0.0.1.
public struct MeshPlan: Sendable {
    /// How apps register, as the seed's two registrator images did.
    public enum Registrator: String, Sendable, CaseIterable {
        /// `gliderlabs/registrator:master`: writes SERVICE_PROTOCOL into ServiceMeta.
        case master
        /// `gliderlabs/registrator:latest` (v7): no ServiceMeta (registrator#633), so Pilot
        /// sees TCP on 9080 and the first registered service takes the port.
        case latest
    }

    public struct Pod: Sendable {
        public var service: String
        public var version: String
        public var ip: String

        /// `reviews-v2`: process, log and sidecar name.
        public var name: String { "\(service)-\(version)" }
    }

    public static let servicePort = 9080
    public static let appPort = 19080
    public static let proxyPort = 15001
    public static let adminPort = 15000

    public var registrator: Registrator
    /// In start order, which is registration order: details first, as in the seed.
    public var pods: [Pod]
    public var registryPort: Int
    public var configPort: Int
    public var discoveryPort: Int
    public var tracingPort: Int
    /// 127.0.0.1 port published onto productpage's sidecar (docker's `9081:9080`).
    public var productpagePort: Int

    /// Bookinfo as Istio 1.1's Consul sample deploys it, on a random pod block.
    public static func bookinfo(registrator: Registrator) throws -> MeshPlan {
        let block = "127.\(Int.random(in: 200...250)).\(Int.random(in: 1...254))"
        let services: [(String, String)] = [
            ("details", "v1"), ("ratings", "v1"), ("reviews", "v1"), ("reviews", "v2"), ("reviews", "v3"), ("productpage", "v1"),
        ]
        let pods = services.enumerated().map { index, service in
            Pod(service: service.0, version: service.1, ip: "\(block).\(index + 1)")
        }
        let ports = try FreePort.find(count: 5)
        return MeshPlan(
            registrator: registrator, pods: pods, registryPort: ports[0], configPort: ports[1], discoveryPort: ports[2],
            tracingPort: ports[3], productpagePort: ports[4])
    }

    public var registryURL: String { "http://127.0.0.1:\(registryPort)" }
    public var configURL: String { "http://127.0.0.1:\(configPort)" }
    public var discoveryURL: String { "http://127.0.0.1:\(discoveryPort)" }
    public var tracingURL: String { "http://127.0.0.1:\(tracingPort)" }
    public var productpageURL: String { "http://127.0.0.1:\(productpagePort)/productpage" }
}
