import ArgumentParser
@preconcurrency import Dispatch
import Foundation
import Logging
import Mesh

/// `shakedown-mesh app productpage|details|reviews|ratings --version vN --ip POD_IP …`: one
/// Bookinfo container — the app on POD_IP:19080, registered as registrator would.
struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app", abstract: "Run one Bookinfo service (istio 1.1.0's behaviour) and register it.")

    @Argument(help: "productpage, details, reviews or ratings.")
    var service: String

    @Option(help: "The service version (reviews: v1 no stars, v2 black, v3 red).")
    var version = "v1"

    @Option(help: "The pod address to listen on and register.")
    var ip: String

    @Option(help: "The port to listen on (the service port 9080 + 10000).")
    var port = 19080

    @Option(help: "The registry's base URL, e.g. http://127.0.0.1:8500; no registration without it.")
    var registry: String?

    @Option(help: "The sidecar's outbound entry HOST:PORT to send upstream calls through.")
    var proxy: String?

    @Option(help: "master (ServiceMeta with the protocol) or latest (no ServiceMeta, registrator#633).")
    var registrator = "master"

    @Option(help: "NAME=HOST:PORT: call upstream NAME at HOST:PORT directly (without --proxy). Repeatable.")
    var resolve: [String] = []

    @Option(help: "productpage's upstream timeout in seconds.")
    var upstreamTimeout: Double = 3

    func run() async throws {
        guard let serviceName = BookinfoServiceName(rawValue: service) else {
            throw ValidationError("unknown service '\(service)': expected productpage, details, reviews or ratings")
        }
        guard let flavor = RegistratorFlavor(rawValue: registrator) else {
            throw ValidationError("--registrator must be master or latest, not '\(registrator)'")
        }
        var routing = UpstreamRouting()
        if let proxy {
            guard let address = HostPort(parsing: proxy) else { throw ValidationError("--proxy '\(proxy)': expected HOST:PORT") }
            routing.proxy = address
        }
        for entry in resolve {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let address = HostPort(parsing: parts[1]) else {
                throw ValidationError("--resolve '\(entry)': expected NAME=HOST:PORT")
            }
            routing.resolve[parts[0]] = address
        }
        guard upstreamTimeout > 0 else { throw ValidationError("--upstream-timeout must be positive") }

        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        let logger = Logger(label: "shakedown-mesh.app.\(serviceName.rawValue)-\(version)")
        let options = BookinfoAppOptions(
            service: serviceName, version: version, ip: ip, port: port, registry: registry, registrator: flavor, routing: routing,
            upstreamTimeout: .milliseconds(Int(upstreamTimeout * 1000)), environment: ProcessInfo.processInfo.environment)
        let (signals, sources) = Self.terminationSignals()
        let app = try await BookinfoApp.start(options, logger: logger)
        // Unbuffered: the harness waits for this line on a pipe.
        FileHandle.standardOutput.write(Data("app \(options.name) ready on \(app.url)\n".utf8))
        for await signal in signals {
            logger.info("received signal \(signal), deregistering and stopping")
            break
        }
        await app.stop()
        sources.forEach { $0.cancel() }
    }

    /// SIGTERM and SIGINT as a stream (their default action is disabled so the app can
    /// deregister before it exits).
    private static func terminationSignals() -> (AsyncStream<Int32>, [any DispatchSourceSignal]) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        let sources = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        return (stream, sources)
    }
}
