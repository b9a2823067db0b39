import Foundation
import Shakedown
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Debian's rabbitmq-server 3.10, the broker tests' oracle: one node per test. Debian's
/// wrappers switch to the `rabbitmq` user and its system-wide folders, so the node runs as
/// root straight from /usr/lib/rabbitmq/bin with its own HOME (Erlang cookie), node name,
/// Mnesia and log folders, config and plugins file in a temporary directory, and its own epmd
/// and distribution ports: parallel tests never meet, and no system service is involved.
/// It runs under the harness's `Supervisor` (own process group, clean signal mask: started
/// from a test's worker thread with SIGCHLD blocked, the wrapper script would never see its
/// node exit), so nothing of it outlives the test run. `stop()` (or dropping the last
/// reference) ends it.
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
    private let supervisor: Supervisor
    private let process: SupervisedProcess
    private let environment: [String: String]
    private let epmdPort: Int
    private let stopped = Mutex(false)

    /// Numbers the nodes of this test process.
    private static let started = Mutex(0)

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
            } catch let failure as ServerProcess.Failure
                where attempt < 3
                && (failure.description.contains("eaddrinuse") || failure.description.contains("dist_port_already_used"))
            {
                attempt += 1
            }
        }
    }

    private init(ports: Ports, definitions: URL?, loopbackUsersNone: Bool) throws {
        port = ports.amqp
        managementPort = ports.management
        epmdPort = ports.epmd
        let number = Self.started.withLock { count in
            count += 1
            return count
        }
        node = "sd-\(getpid())-\(number)@localhost"
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

        environment = [
            "HOME": folder.url.path,
            "RABBITMQ_NODENAME": node,
            "RABBITMQ_MNESIA_BASE": folder.path("mnesia"),
            "RABBITMQ_LOG_BASE": folder.path("log"),
            "RABBITMQ_CONFIG_FILE": folder.path("rabbitmq.conf"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": folder.path("enabled_plugins"),
            "RABBITMQ_DIST_PORT": String(ports.distribution),
            "ERL_EPMD_PORT": String(ports.epmd),
        ]
        supervisor = Supervisor(logDirectory: folder.url.appendingPathComponent("output"))
        let launched = Date()
        process = try supervisor.spawn(
            ProcessSpec(
                name: "rabbitmq-server", executable: URL(fileURLWithPath: Self.serverScript), environment: environment,
                workingDirectory: folder.url))
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
            let output = process.output()
            let log = self.log
            stop()
            throw ServerProcess.Failure(
                description: "rabbitmq-server did not become ready in \(Int(startupTime)) s:\n\(output)\n\(log.suffix(4000))")
        }
    }

    /// `rabbitmqctl stop` (graceful), then SIGKILL of the node's process group if it is still
    /// there, then its epmd, which daemonised out of the group. Idempotent.
    func stop() {
        let first = stopped.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        if process.isRunning {
            // RabbitMQ 3.10 itself takes 5 s of it: stopping `rabbit` waits out the
            // management statistics collector.
            let stopped = try? control(["stop"], timeout: 30)
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning {
                print("\(node) still running 10 s after rabbitmqctl stop (\(stopped ?? "it did not run")); SIGKILL")
            }
        }
        if process.isRunning {
            process.kill()
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        }
        _ = try? runTool("epmd-kill", "/usr/bin/epmd", ["-port", String(epmdPort), "-kill"], timeout: 10)
    }

    deinit { stop() }

    /// `rabbitmqctl -n NODE ...` with the node's HOME (cookie) and epmd port; "exit N: output".
    func control(_ arguments: [String], timeout: TimeInterval = 60) throws -> String {
        try runTool("rabbitmqctl-\(arguments.first ?? "")", Self.controlScript, ["-n", node] + arguments, timeout: timeout)
    }

    /// The node's log so far, for failure messages.
    var log: String {
        (try? String(contentsOfFile: folder.path("log/\(node).log"), encoding: .utf8)) ?? process.output()
    }

    /// Runs a tool to completion under the supervisor, with the node's environment.
    private func runTool(_ name: String, _ path: String, _ arguments: [String], timeout: TimeInterval) throws -> String {
        let tool = try supervisor.spawn(
            ProcessSpec(name: name, executable: URL(fileURLWithPath: path), arguments: arguments, environment: environment))
        let deadline = Date().addingTimeInterval(timeout)
        while tool.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if tool.isRunning { tool.kill() }
        let status = tool.termination.map { "exit \($0.status)" } ?? "killed after \(Int(timeout)) s"
        return "\(status): \(tool.output())"
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
