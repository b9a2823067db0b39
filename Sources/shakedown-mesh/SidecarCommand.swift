import ArgumentParser
import Foundation
import Logging
import Mesh
import NIOPosix

/// `shakedown-mesh sidecar`: the Envoy of one pod — inbound listener on the pod address,
/// outbound entry on POD_IP:15001, admin on POD_IP:15000, configured over xDS.
struct SidecarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sidecar", abstract: "Run a sidecar proxy configured by the control plane's xDS.")

    @Option(help: "The pod address (127.A.B.N): inbound, 15001 and admin listen on it.") var ip: String
    @Option(help: "Pod name, e.g. reviews-v2 (the xDS node id's pod part).") var name: String
    @Option(help: "Service cluster, e.g. reviews (span service name, xDS node cluster).") var serviceCluster: String
    @Option(help: "Control plane discovery URL, e.g. http://127.0.0.1:15010.") var controlPlane: String
    @Option(help: "Zipkin collector base URL, e.g. http://127.0.0.1:9411.") var zipkin: String?
    @Option(help: "Outbound entry port (Istio's 15001).") var proxyPort = 15001
    @Option(help: "Admin port (Envoy's 15000).") var adminPort = 15000
    @Option(help: "HOST:PORT=TARGET: an extra bind feeding the inbound listener of TARGET (repeatable).") var publish: [String] = []
    @Option(help: "Worker threads of the data path (Envoy's --concurrency; Istio 1.1 runs its proxies with 2).") var concurrency = 2

    func run() async throws {
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "shakedown-mesh.sidecar.\(name)")
        logger.logLevel = .info
        let specs = try publish.map(PublishSpec.init(parsing:))
        let sink = zipkin.map { ZipkinReporter(collectorURL: $0, flushInterval: .milliseconds(50)) }
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be 1...64") }
        let workers = MultiThreadedEventLoopGroup(numberOfThreads: concurrency)
        let sidecar = Sidecar(
            options: SidecarOptions(
                identity: SidecarIdentity(podIP: ip, name: name, serviceCluster: serviceCluster), controlPlaneURL: controlPlane,
                zipkinURL: zipkin, proxyPort: proxyPort, adminPort: adminPort, publish: specs),
            group: workers, spans: sink, logger: logger)
        try await sidecar.bindFixedListeners()
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Hummingbird's runService returns on SIGTERM/SIGINT; then everything else stops.
            group.addTask { try await sidecar.adminApplication().runService() }
            group.addTask {
                await sidecar.runXDS {
                    // Unbuffered, so a harness reading the pipe sees it at once.
                    FileHandle.standardOutput.write(Data("sidecar ready\n".utf8))
                }
            }
            try await group.next()
            group.cancelAll()
        }
        await sidecar.shutdown()
        await sink?.shutdown()
        try? await workers.shutdownGracefully()
    }
}
