import ArgumentParser
import Foundation
import Logging
import Mesh

/// `shakedown-mesh control-plane`: the seed's istio-apiserver (+etcd) and Pilot in one
/// process — the Kubernetes-style config API that kubectl talks to, persisted in
/// `--data-dir`, and Pilot-style discovery over the registry and that config.
struct ControlPlaneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "control-plane",
        abstract: "Istio config API (for kubectl) and Pilot 1.1-style discovery (REST-JSON xDS) over a Consul-style registry.")

    @Option(name: .customLong("discovery-listen"), help: "HOST:PORT for xDS (POST /v2/discovery:*) and /debug/*.")
    var discoveryListen: String

    @Option(name: .customLong("registry"), help: "Base URL of the Consul-style registry, e.g. http://127.0.0.1:8500.")
    var registry: String

    @Option(name: .customLong("config-listen"), help: "HOST:PORT for the Kubernetes-style config API (kubectl --server http://HOST:PORT).")
    var configListen: String

    @Option(name: .customLong("data-dir"), help: "Directory the Istio config is persisted in (created if missing).")
    var dataDir: String

    @Option(name: .customLong("domain-suffix"), help: "Suffix short hosts in config resolve under, as Pilot's --domain.")
    var domainSuffix: String = "cluster.local"

    @Option(name: .customLong("trace-sampling"), help: ArgumentHelp(
        "Percentage (0-100) of requests the sidecars trace when the caller has not decided.",
        discussion: "Pilot's PILOT_TRACE_SAMPLING, which is read when this option is absent; Pilot's default is 100."))
    var traceSampling: String?

    func run() async throws {
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        let logger = Logger(label: "shakedown-mesh.control-plane")
        let (host, port) = try Self.hostPort(discoveryListen, option: "--discovery-listen")
        guard registry.hasPrefix("http://") || registry.hasPrefix("https://") else {
            throw ValidationError("--registry '\(registry)' is not an http:// URL")
        }
        let (configHost, configPort) = try Self.hostPort(configListen, option: "--config-listen")
        let directory = URL(fileURLWithPath: dataDir, isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try IstioConfigStore(directory: directory)
        let configAPI = ConfigAPIServer(store: store, host: configHost, port: configPort)

        let sampling: Double
        if let traceSampling {
            let parsed = TraceSampling.parse(traceSampling)
            if parsed.warning != nil { throw ValidationError("--trace-sampling '\(traceSampling)' is not a percentage from 0 to 100") }
            sampling = parsed.percent
        } else {
            let parsed = TraceSampling.parse(ProcessInfo.processInfo.environment["PILOT_TRACE_SAMPLING"])
            if let warning = parsed.warning { logger.warning("\(warning)") }
            sampling = parsed.percent
        }
        let hub = DiscoveryHub(
            config: store.snapshot(), options: .init(domainSuffix: domainSuffix, traceSampling: sampling), logger: logger)
        let registryClient = ConsulClient.makeFailFastHTTPClient()
        let watcher = RegistryWatcher(source: ConsulClient(baseURL: registry, httpClient: registryClient), hub: hub)
        let server = DiscoveryServer(hub: hub, host: host, port: port, logger: logger)
        let main = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await watcher.run() }
                group.addTask { await hub.follow(configs: store.changes()) }
                let listening = Listening()
                group.addTask {
                    try await configAPI.run(onListening: { bound in
                        await listening.bound(config: bound, host: configHost, discoveryHost: host)
                    })
                }
                group.addTask {
                    try await server.run { bound in
                        await listening.bound(discovery: bound, host: configHost, discoveryHost: host)
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

/// Prints the readiness line once both servers listen (unbuffered: whoever started us waits
/// for it on a pipe or in a log).
private actor Listening {
    private var configPort: Int?
    private var discoveryPort: Int?

    func bound(config: Int? = nil, discovery: Int? = nil, host: String, discoveryHost: String) {
        if let config { configPort = config }
        if let discovery { discoveryPort = discovery }
        guard let configPort, let discoveryPort else { return }
        FileHandle.standardOutput.write(Data(
            "control-plane ready on http://\(discoveryHost):\(discoveryPort) (config API http://\(host):\(configPort))\n".utf8))
    }
}
