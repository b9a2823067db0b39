import ArgumentParser
import Foundation
import Mesh

/// `shakedown-mesh tracing --listen HOST:PORT`: the Zipkin v2 collector the sidecars report to.
struct TracingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracing", abstract: "Serve a Zipkin v2 collector (span intake and trace queries) in memory.")

    @Option(help: "HOST:PORT to listen on (port 0 picks a free one).") var listen: ListenAddress
    @Option(help: "Spans kept; older ones are forgotten.") var maxSpans = 100_000

    func validate() throws {
        if maxSpans < 1 { throw ValidationError("--max-spans must be at least 1") }
    }

    func run() async throws {
        let host = listen.host
        try await ZipkinCollectorServer.application(collector: ZipkinCollector(capacity: maxSpans), host: host, port: listen.port) { port in
            FileHandle.standardOutput.write(Data("tracing ready on http://\(host):\(port)\n".utf8))
        }.runService()
    }
}
