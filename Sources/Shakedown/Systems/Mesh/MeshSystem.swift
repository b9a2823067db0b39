import Foundation

/// A running Bookinfo mesh: registry, control plane, tracing collector, and one app plus its
/// sidecar per pod, each a `shakedown-mesh ROLE` process under one supervisor.
public final class MeshSystem: Sendable {
    /// One line of `shakedown up mesh`: `productpage http://127.0.0.1:PORT/productpage`.
    public struct Endpoint: Sendable, Equatable {
        public var name: String
        public var url: String
    }

    public let plan: MeshPlan
    public let supervisor: Supervisor
    public let endpoints: [Endpoint]

    private init(plan: MeshPlan, supervisor: Supervisor) {
        self.plan = plan
        self.supervisor = supervisor
        var endpoints = [
            Endpoint(name: "productpage", url: plan.productpageURL),
            Endpoint(name: "config-api", url: plan.configURL),
            Endpoint(name: "registry", url: plan.registryURL),
            Endpoint(name: "discovery", url: plan.discoveryURL),
            Endpoint(name: "tracing", url: plan.tracingURL),
        ]
        for pod in plan.pods {
            endpoints.append(Endpoint(name: pod.name, url: "http://\(pod.ip):\(MeshPlan.servicePort)"))
            endpoints.append(Endpoint(name: "\(pod.name)-proxy", url: "http://\(pod.ip):\(MeshPlan.proxyPort)"))
            endpoints.append(Endpoint(name: "\(pod.name)-admin", url: "http://\(pod.ip):\(MeshPlan.adminPort)"))
        }
        self.endpoints = endpoints
    }

    /// Starts everything in the seed's order — control plane first, then the apps one by one
    /// (each registered before the next starts, so registration order is deterministic), then
    /// the sidecars — and returns once every sidecar has its first configuration. Whatever
    /// started is stopped again when a part fails to come up.
    public static func start(
        plan: MeshPlan, executable: String, directory: URL, readinessTimeout: Duration = .seconds(30)
    ) async throws -> MeshSystem {
        let logs = directory.appendingPathComponent("logs", isDirectory: true)
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let supervisor = Supervisor(logDirectory: logs)
        let mesh = MeshSystem(plan: plan, supervisor: supervisor)
        let binary = URL(fileURLWithPath: executable)
        do {
            for spec in MeshProcesses(plan: plan, executable: binary, dataDirectory: directory).all {
                let process = try supervisor.spawn(spec.process)
                try await process.waitUntilReady(.logLine(spec.readyLine), timeout: readinessTimeout)
            }
        } catch {
            await supervisor.stopAll(grace: .seconds(2))
            throw error
        }
        return mesh
    }

    public func stop() async {
        await supervisor.stopAll(grace: .seconds(3))
    }
}
