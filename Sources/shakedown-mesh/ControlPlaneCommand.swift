import ArgumentParser
import Foundation
import Logging
import Mesh

/// `shakedown-mesh control-plane`: Pilot-style discovery over the registry and the Istio
/// config. Until the config API is wired in, the config comes from `--config-file`.
struct ControlPlaneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "control-plane",
        abstract: "Pilot 1.1-style discovery (REST-JSON xDS) over a Consul-style registry and Istio config.")

    @Option(name: .customLong("discovery-listen"), help: "HOST:PORT for xDS (POST /v2/discovery:*) and /debug/*.")
    var discoveryListen: String

    @Option(name: .customLong("registry"), help: "Base URL of the Consul-style registry, e.g. http://127.0.0.1:8500.")
    var registry: String

    @Option(name: .customLong("config-listen"), help: "HOST:PORT for the Kubernetes-style config API (not served by this build yet).")
    var configListen: String?

    @Option(name: .customLong("data-dir"), help: "Directory the config API persists to (not used by this build yet).")
    var dataDir: String?

    @Option(name: .customLong("config-file"), help: "Multi-document Istio YAML (VirtualService, DestinationRule) to serve.")
    var configFile: String?

    @Option(name: .customLong("domain-suffix"), help: "Suffix short hosts in config resolve under, as Pilot's --domain.")
    var domainSuffix: String = "cluster.local"

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "shakedown-mesh.control-plane")
        let (host, port) = try Self.hostPort(discoveryListen, option: "--discovery-listen")
        guard registry.hasPrefix("http://") || registry.hasPrefix("https://") else {
            throw ValidationError("--registry '\(registry)' is not an http:// URL")
        }
        if configListen != nil || dataDir != nil {
            logger.notice("the config API is not part of this build: --config-listen/--data-dir ignored; use --config-file")
        }
        var config = IstioConfigSet()
        if let configFile { config = try IstioConfigFile.load(path: configFile) }

        let hub = DiscoveryHub(config: config, options: .init(domainSuffix: domainSuffix), logger: logger)
        let registryClient = ConsulCatalogHTTPSource.makeHTTPClient()
        let watcher = RegistryWatcher(source: ConsulCatalogHTTPSource(baseURL: registry, httpClient: registryClient), hub: hub)
        let server = DiscoveryServer(hub: hub, host: host, port: port, logger: logger)
        let main = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await watcher.run() }
                group.addTask {
                    try await server.run { bound in
                        // Unbuffered: whoever started us waits for this line on a pipe.
                        FileHandle.standardOutput.write(Data("control-plane ready on http://\(host):\(bound)\n".utf8))
                    }
                }
                try await group.next()
                group.cancelAll()
            }
        }
        let signals = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number)
            source.setEventHandler {
                // Answer held long polls first (with the current version), then stop serving.
                hub.close()
                Task {
                    try? await Task.sleep(for: .milliseconds(200))
                    main.cancel()
                }
            }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        let outcome = await main.result
        try? await registryClient.shutdown()
        try outcome.get()
    }

    static func hostPort(_ text: String, option: String) throws -> (String, Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port),
            colon != text.startIndex
        else {
            throw ValidationError("\(option) '\(text)' is not HOST:PORT")
        }
        return (String(text[..<colon]), port)
    }
}
