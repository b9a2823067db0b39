import Foundation
import NIOCore

/// Debian's rabbitmq-server 3.10, started as the broker tests start their oracle: as root
/// straight from /usr/lib/rabbitmq/bin (Debian's wrappers switch to the `rabbitmq` user),
/// with its own HOME, node name, Mnesia, log, config and plugins file in a temporary folder
/// and its own AMQP, management, distribution and epmd ports.
final class RabbitMQProcess: BenchBroker {
    static let serverScript = "/usr/lib/rabbitmq/bin/rabbitmq-server"
    static let controlScript = "/usr/lib/rabbitmq/bin/rabbitmqctl"

    let name = "rabbitmq-server 3.10"
    let port: Int
    private let epmdPort: Int
    private let node: String
    private let folder: URL
    private let environment: [String: String]
    private let process = Process()
    private let output = BenchSupport.Output()

    static var unavailableReason: String? {
        guard geteuid() == 0 else { return "not root" }
        guard FileManager.default.isExecutableFile(atPath: serverScript) else { return "rabbitmq-server is not installed (make setup)" }
        return nil
    }

    init(group: any EventLoopGroup) async throws {
        var ports: Set<Int> = []
        while ports.count < 4 { ports.insert(try BenchSupport.freePort()) }
        let chosen = Array(ports)
        port = chosen[0]
        epmdPort = chosen[3]
        node = "bench-\(getpid())@localhost"
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("rabbitmq-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let config = ["listeners.tcp.default = \(port)", "management.tcp.port = \(chosen[1])", "log.console = false"]
        try (config.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("rabbitmq.conf"), atomically: true, encoding: .utf8)
        try "[rabbitmq_management].\n".write(to: folder.appendingPathComponent("enabled_plugins"), atomically: true, encoding: .utf8)

        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder.path
        environment["RABBITMQ_NODENAME"] = node
        environment["RABBITMQ_MNESIA_BASE"] = folder.appendingPathComponent("mnesia").path
        environment["RABBITMQ_LOG_BASE"] = folder.appendingPathComponent("log").path
        environment["RABBITMQ_CONFIG_FILE"] = folder.appendingPathComponent("rabbitmq.conf").path
        environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = folder.appendingPathComponent("enabled_plugins").path
        environment["RABBITMQ_DIST_PORT"] = String(chosen[2])
        environment["ERL_EPMD_PORT"] = String(epmdPort)
        self.environment = environment

        process.executableURL = URL(fileURLWithPath: Self.serverScript)
        process.environment = environment
        process.currentDirectoryURL = folder
        output.attach(to: process)
        try process.run()
        do {
            try await BenchSupport.waitForAMQP(port: port, process: process, group: group, timeout: .seconds(90))
        } catch {
            stop()
            throw BenchFailure(description: "rabbitmq-server did not start: \(error)\n\(output.text.suffix(2000))")
        }
    }

    /// `rabbitmqctl stop`, SIGKILL if still there, then its epmd (which left the group).
    func stop() {
        if process.isRunning {
            run(Self.controlScript, ["-n", node, "stop"])
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        }
        BenchSupport.kill(process)
        run("/usr/bin/epmd", ["-port", String(epmdPort), "-kill"])
        try? FileManager.default.removeItem(at: folder)
    }

    private func run(_ tool: String, _ arguments: [String]) {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: tool)
        child.arguments = arguments
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        guard (try? child.run()) != nil else { return }
        let deadline = Date().addingTimeInterval(30)
        while child.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        BenchSupport.kill(child)
    }
}
