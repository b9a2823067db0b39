import ArgumentParser
import AMQP
import Broker
import BrokerManagement
import Foundation

/// The broker executable: an AMQP 0-9-1 server with RabbitMQ 3.10's behaviour.
@main
struct ShakedownBroker: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shakedown-broker", abstract: "A RabbitMQ 3.10-compatible AMQP 0-9-1 broker.")

    @Option(help: "AMQP port (0 picks a free one).") var port = 5672
    @Option(help: "Management HTTP API port.") var managementPort = 15672
    /// All interfaces, as RabbitMQ's default listener: guest is kept to loopback by the
    /// loopback_users rule, not by the listener.
    @Option(help: "Address to listen on (AMQP and management).") var bind = "0.0.0.0"
    @Option(help: "Folder for durable state.") var dataDir: String
    @Option(help: "Definitions (RabbitMQ JSON) to import at boot.") var definitions: String?
    @Option(help: "Heartbeat timeout offered in connection.tune, seconds.") var heartbeat: UInt16 = 60
    @Option(help: "Largest frame offered in connection.tune, bytes.") var frameMax: UInt32 = 131_072
    @Option(help: "Most channels per connection offered in connection.tune.") var channelMax: UInt16 = 2047
    @Option(help: "SO_SNDBUF of client sockets in bytes, 0 for the kernel's autotuning.")
    var sndbuf = SocketTuning.broker.sendBufferBytes ?? 0
    @Option(help: "SO_RCVBUF of client sockets in bytes, 0 for the kernel's autotuning.")
    var recbuf = SocketTuning.broker.receiveBufferBytes ?? 0
    @Option(help: "TCP_NOTSENT_LOWAT of client sockets in bytes, 0 for none.")
    var notsentLowat = SocketTuning.broker.unsentLowWatermarkBytes ?? 0

    func validate() throws {
        if frameMax != 0, frameMax < 4096 { throw ValidationError("--frame-max must be 0 or at least 4096") }
        if sndbuf < 0 || recbuf < 0 || notsentLowat < 0 { throw ValidationError("--sndbuf, --recbuf and --notsent-lowat must be 0 or more") }
    }

    func run() async throws {
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        let configuration = BrokerConfiguration(
            host: bind, port: port, managementPort: managementPort, channelMax: channelMax, frameMax: frameMax,
            heartbeat: heartbeat, socketTuning: SocketTuning(
                sendBufferBytes: sndbuf == 0 ? nil : sndbuf, receiveBufferBytes: recbuf == 0 ? nil : recbuf,
                unsentLowWatermarkBytes: notsentLowat == 0 ? nil : notsentLowat))
        // Durable state from --data-dir: definitions file and journal (refuses to start on damage).
        let (node, saved) = try await BrokerNode.openDurable(configuration: configuration, dataDirectory: dataDir)
        if let definitions {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: definitions))
            try await node.importDefinitions(try Definitions.decode(json: bytes))
            try saved.save(node.access)
        }
        try await node.start()
        let line = "Server startup complete; AMQP listening on \(bind):\(node.boundPort ?? port)\n"
        // The management API serves until the process is killed. The line comes once it
        // listens too, as RabbitMQ's comes after its plugins: harnesses wait for it, written
        // unbuffered.
        try await ManagementServer.application(node: node, host: bind, port: managementPort) { _ in
            FileHandle.standardOutput.write(Data(line.utf8))
        }.runService()
    }
}
