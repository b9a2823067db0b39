import Foundation
import NIOCore

/// A Redis Cluster started on a network of its own, as the runner and `shakedown up` need it.
///
/// The proxy backend picks free ports and hands them to the nodes, which bind them a moment
/// later; another program on the machine can take one in between. A node that then fails with
/// "Address already in use" is not the system's fault, so the whole start is tried again on
/// fresh ports (three attempts) instead of ending the run with an infrastructure error.
public struct ClusterLaunch: Sendable {
    public var target: RedisTarget
    public var topology: Topology
    public var networkChoice: NetworkChoice
    public var directory: URL
    public var seed: UInt64
    public var attempts = 3
    /// Where to write a pcap of the cluster's traffic (`capture: true`); nil for none.
    public var capturePath: String?

    public init(target: RedisTarget, topology: Topology, networkChoice: NetworkChoice, directory: URL, seed: UInt64) {
        self.target = target
        self.topology = topology
        self.networkChoice = networkChoice
        self.directory = directory
        self.seed = seed
    }

    public struct Started: Sendable {
        public var cluster: RedisCluster
        public var network: any NetworkBackend
        /// Why `auto` did not give network namespaces, if it did not.
        public var fallbackReason: String?
        /// The capture, when `capturePath` asked for one (it is also `network`).
        public var capture: CapturingNetwork?
    }

    public enum Failure: Error, CustomStringConvertible {
        case network(NetworkChoice, any Error)
        /// `capture`: what was captured of the failed start (`capture: true`), the first thing
        /// to look at.
        case cluster(any Error, capture: CapturingNetwork?)

        public var description: String {
            switch self {
            case .network(let choice, let error): "network backend \(choice.rawValue) unavailable: \(error)"
            case .cluster(let error, _): "the cluster never became ready: \(error)"
            }
        }
    }

    /// Starts the cluster and waits until it is ready; on failure nothing is left running.
    public func start(_ spec: StartSpec = StartSpec(), group: any EventLoopGroup) async throws(Failure) -> Started {
        var attempt = 1
        while true {
            let choice: (backend: any NetworkBackend, fallbackReason: String?)
            do {
                choice = try await networkChoice.makeBackend(group: group, seed: seed)
            } catch {
                throw .network(networkChoice, error)
            }
            let capture = capturePath.map { CapturingNetwork(choice.backend, path: $0) }
            let network = capture ?? choice.backend
            let cluster = RedisCluster(
                target: target, topology: topology,
                supervisor: Supervisor(logDirectory: directory.appendingPathComponent("logs")),
                network: network, directory: directory, group: group)
            do {
                try await cluster.start(spec)
                return Started(cluster: cluster, network: network, fallbackReason: choice.fallbackReason, capture: capture)
            } catch {
                await cluster.stop()
                try? await network.tearDown()
                let portTaken = (error as? ClusterStartError)?.portTaken ?? false
                guard portTaken, attempt < attempts else { throw .cluster(error, capture: capture) }
                attempt += 1
            }
        }
    }
}
