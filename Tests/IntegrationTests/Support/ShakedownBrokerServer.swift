import Foundation
import Shakedown

/// Our broker, `.build/debug/shakedown-broker`, as a separate process on free AMQP and
/// management ports with its own data folder; ready when it printed its startup line and the
/// management API answers. `stop()` (or dropping it) kills it.
final class ShakedownBrokerServer: RunningBroker, @unchecked Sendable {
    let host = "127.0.0.1"
    let port: Int
    let managementPort: Int
    let startupTime: TimeInterval
    private let process: Process
    private let folder: TemporaryDirectory
    private let output = LockedText()

    static var binary: URL { PackagePaths.root.appendingPathComponent(".build/debug/shakedown-broker") }

    static var unavailableReason: String? {
        FileManager.default.isExecutableFile(atPath: binary.path) ? nil : "\(binary.path) is missing: run `swift build` first"
    }

    init(definitions: URL? = nil) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw ServerProcess.Failure(description: "\(Self.binary.path) is missing: run `swift build` before the integration tests")
        }
        folder = try TemporaryDirectory("shakedown-broker")
        port = try FreePort.find()
        var management = try FreePort.find()
        while management == port { management = try FreePort.find() }
        managementPort = management
        process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--port", String(port), "--management-port", String(managementPort), "--data-dir", folder.path("data")]
            + (definitions.map { ["--definitions", $0.path] } ?? [])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = output
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        let launched = Date()
        try process.run()
        let deadline = launched.addingTimeInterval(60)
        var ready = false
        while process.isRunning, Date() < deadline {
            if output.text.contains("Server startup complete"),
                (try? ManagementHTTP(port: managementPort).request("GET", "/api/overview").status) == 200
            {
                ready = true
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        startupTime = Date().timeIntervalSince(launched)
        if !ready {
            stop()
            throw ServerProcess.Failure(description: "shakedown-broker did not become ready:\n\(output.text)")
        }
    }

    var log: String { output.text }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// The management API over HTTP, through curl: status and parsed JSON body.
struct ManagementHTTP {
    let port: Int
    var user = "guest"
    var password = "guest"

    struct Reply {
        var status: Int
        var text: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) }
    }

    func request(_ method: String, _ path: String, _ body: String? = nil) throws -> Reply {
        var arguments = [
            "-s", "-m", "10", "-X", method, "-u", "\(user):\(password)", "-H", "content-type: application/json",
            "-w", "\n%{http_code}", "http://127.0.0.1:\(port)\(path)",
        ]
        if let body { arguments += ["--data-binary", body] }
        let (status, output) = try ExternalTool.run("curl", arguments)
        guard status == 0, let newline = output.lastIndex(of: "\n"), let code = Int(output[output.index(after: newline)...]) else {
            throw ServerProcess.Failure(description: "curl \(method) \(path) failed (\(status)): \(output)")
        }
        return Reply(status: code, text: String(output[..<newline]))
    }
}
