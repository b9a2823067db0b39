import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Debian's rabbitmq-server 3.10, the broker tests' oracle: one node per test. Debian's
/// wrappers switch to the `rabbitmq` user and its system-wide folders, so the node runs as
/// root straight from /usr/lib/rabbitmq/bin with its own HOME (Erlang cookie), node name,
/// Mnesia and log folders, config and plugins file in a temporary directory, and its own epmd
/// and distribution ports: parallel tests never meet, and no system service is involved.
/// `stop()` (or dropping the last reference) ends it.
final class RabbitMQServer: RunningBroker, @unchecked Sendable {
    static let serverScript = "/usr/lib/rabbitmq/bin/rabbitmq-server"
    static let controlScript = "/usr/lib/rabbitmq/bin/rabbitmqctl"

    /// Why the oracle cannot run here, or nil when it can.
    static var unavailableReason: String? {
        guard geteuid() == 0 else { return "not root: rabbitmq-server runs as root from /usr/lib/rabbitmq/bin" }
        guard FileManager.default.isExecutableFile(atPath: serverScript) else {
            return "rabbitmq-server is not installed (Scripts/setup.sh installs it)"
        }
        return nil
    }

    let host = "127.0.0.1"
    let port: Int
    let managementPort: Int
    let node: String
    /// From launch until the AMQP port accepted and the management API answered.
    let startupTime: TimeInterval
    private let folder: TemporaryDirectory
    private let process: Process
    private let environment: [String: String]
    private let epmdPort: Int
    private let output = LockedText()
    private let stopped = LockedFlag()

    private static let counter = LockedCounter()

    /// `definitions` is loaded at boot (`load_definitions`), as our broker takes
    /// `--definitions`. `loopbackUsersNone` lifts the guest-from-loopback-only rule.
    convenience init(definitions: URL? = nil, loopbackUsersNone: Bool = false) throws {
        // A free port can be taken by another test between choosing it and the node
        // binding it; the node then stops at once, and another set of ports is tried.
        var attempt = 1
        while true {
            do {
                try self.init(ports: try Ports(), definitions: definitions, loopbackUsersNone: loopbackUsersNone)
                return
            } catch let failure as ServerProcess.Failure where attempt < 3 && failure.description.contains("eaddrinuse") {
                attempt += 1
            }
        }
    }

    private init(ports: Ports, definitions: URL?, loopbackUsersNone: Bool) throws {
        port = ports.amqp
        managementPort = ports.management
        epmdPort = ports.epmd
        node = "sd-\(getpid())-\(Self.counter.next())@localhost"
        folder = try TemporaryDirectory("rabbitmq")

        var config = [
            "listeners.tcp.default = \(ports.amqp)",
            "management.tcp.port = \(ports.management)",
            // Quiet start: no stdout log lines to buffer, the file log has everything.
            "log.console = false",
        ]
        if loopbackUsersNone { config.append("loopback_users = none") }
        if let definitions { config.append("load_definitions = \(definitions.path)") }
        try (config.joined(separator: "\n") + "\n").write(toFile: folder.path("rabbitmq.conf"), atomically: true, encoding: .utf8)
        try "[rabbitmq_management].\n".write(toFile: folder.path("enabled_plugins"), atomically: true, encoding: .utf8)

        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = folder.url.path
        environment["RABBITMQ_NODENAME"] = node
        environment["RABBITMQ_MNESIA_BASE"] = folder.path("mnesia")
        environment["RABBITMQ_LOG_BASE"] = folder.path("log")
        environment["RABBITMQ_CONFIG_FILE"] = folder.path("rabbitmq.conf")
        environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = folder.path("enabled_plugins")
        environment["RABBITMQ_DIST_PORT"] = String(ports.distribution)
        environment["ERL_EPMD_PORT"] = String(ports.epmd)
        self.environment = environment

        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.serverScript)
        process.environment = environment
        process.currentDirectoryURL = folder.url
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = output
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }

        let launched = Date()
        try process.run()
        // About 8 s alone; generous, since other suites load the machine beside it.
        let deadline = launched.addingTimeInterval(90)
        var ready = false
        while process.isRunning, Date() < deadline {
            if Self.accepts(port: ports.amqp), Self.answersHTTP(port: ports.management) {
                ready = true
                break
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        startupTime = Date().timeIntervalSince(launched)
        if !ready {
            let log = (try? String(contentsOfFile: folder.path("log/\(node).log"), encoding: .utf8)) ?? ""
            stop()
            throw ServerProcess.Failure(
                description: "rabbitmq-server did not become ready in \(Int(startupTime)) s:\n\(output.text)\n\(log.suffix(4000))")
        }
    }

    /// `rabbitmqctl stop` (graceful), then SIGKILL of the node's process group if it is still
    /// there, then its epmd, which daemonised out of the group. Idempotent.
    func stop() {
        guard stopped.set() else { return }
        if process.isRunning {
            _ = try? control(["stop"], timeout: 30)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        }
        if process.isRunning {
            // Foundation starts the child in a session of its own, so its pid is the group.
            let pid = process.processIdentifier
            kill(getpgid(pid) == pid ? -pid : pid, SIGKILL)
            process.waitUntilExit()
        }
        _ = try? runTool("/usr/bin/epmd", ["-port", String(epmdPort), "-kill"], timeout: 10)
    }

    deinit { stop() }

    /// `rabbitmqctl -n NODE ...` with the node's HOME (cookie) and epmd port.
    func control(_ arguments: [String], timeout: TimeInterval = 60) throws -> (status: Int32, output: String) {
        try runTool(Self.controlScript, ["-n", node] + arguments, timeout: timeout)
    }

    /// The node's log so far, for failure messages.
    var log: String { (try? String(contentsOfFile: folder.path("log/\(node).log"), encoding: .utf8)) ?? output.text }

    private func runTool(_ path: String, _ arguments: [String], timeout: TimeInterval) throws -> (status: Int32, output: String) {
        let tool = Process()
        tool.executableURL = URL(fileURLWithPath: path)
        tool.arguments = arguments
        tool.environment = environment
        let text = LockedText()
        let pipe = Pipe()
        tool.standardOutput = pipe
        tool.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { handle in text.append(handle.availableData) }
        try tool.run()
        let deadline = Date().addingTimeInterval(timeout)
        while tool.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if tool.isRunning {
            kill(tool.processIdentifier, SIGKILL)
            tool.waitUntilExit()
        }
        return (tool.terminationStatus, text.text)
    }

    private static func accepts(port: Int) -> Bool {
        (try? TCPStream.connect(host: "127.0.0.1", port: port)) != nil
    }

    /// Any HTTP status line (401 included): the management listener is up.
    private static func answersHTTP(port: Int) -> Bool {
        guard let stream = try? TCPStream.connect(host: "127.0.0.1", port: port),
            stream.write("GET /api/overview HTTP/1.0\r\nHost: localhost\r\n\r\n")
        else { return false }
        let head = stream.read(exactly: 9, timeout: 2)
        return String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.")
    }

    /// Four distinct free ports: AMQP, management, Erlang distribution, epmd.
    private struct Ports {
        let amqp: Int
        let management: Int
        let distribution: Int
        let epmd: Int

        init() throws {
            var chosen: Set<Int> = []
            while chosen.count < 4 { chosen.insert(try FreePort.find()) }
            let ports = Array(chosen)
            (amqp, management, distribution, epmd) = (ports[0], ports[1], ports[2], ports[3])
        }
    }
}

/// A flag set once, from any thread.
final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    /// True the first time only.
    func set() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if value { return false }
        value = true
        return true
    }
}

/// 1, 2, 3, ... from any thread.
final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
