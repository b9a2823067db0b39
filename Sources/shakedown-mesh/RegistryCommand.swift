import ArgumentParser
import Foundation
import Mesh

/// `shakedown-mesh registry --listen HOST:PORT`: the Consul API subset (Consul's role in the seed).
struct RegistryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "registry", abstract: "Serve the Consul HTTP API subset registrator and Pilot use.")

    @Option(help: "HOST:PORT to listen on (port 0 picks a free one).") var listen: ListenAddress

    func run() async throws {
        let host = listen.host
        try await ConsulRegistryServer.application(host: host, port: listen.port) { port in
            // Unbuffered: the harness waits for this line.
            FileHandle.standardOutput.write(Data("registry ready on http://\(host):\(port)\n".utf8))
        }.runService()
    }
}
