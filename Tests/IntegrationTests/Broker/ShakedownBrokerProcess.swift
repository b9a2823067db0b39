import Foundation

#if canImport(Glibc)
import Glibc
#endif
import Shakedown

/// Our broker, `.build/debug/shakedown-broker`, on free ports with its own data folder, for a
/// test. Its properties match the oracle's `RunningBroker` so it can join the broker targets.
final class ShakedownBrokerProcess: @unchecked Sendable {
    static var binary: URL { PackagePaths.root.appendingPathComponent(".build/debug/shakedown-broker") }

    let host = "127.0.0.1"
    let port: Int
    let managementPort: Int
    let startupTime: TimeInterval
    private let process: Process
    private let output = LockedText()
    private let folder: TemporaryDirectory

    init(arguments: [String] = []) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw ServerProcess.Failure(description: "\(Self.binary.path) is missing: run `swift build` first")
        }
        folder = try TemporaryDirectory("shakedown-broker")
        var attempt = 1
        while true {
            let port = try FreePort.find()
            let management = try FreePort.find()
            let process = Process()
            process.executableURL = Self.binary
            process.arguments = ["--port", String(port), "--management-port", String(management), "--data-dir", folder.path("data")] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            let output = output
            let launched = Date()
            try process.run()
            PipeDrain.start(pipe) { output.append($0) }
            let deadline = launched.addingTimeInterval(60)
            while !output.text.contains("Server startup complete"), process.isRunning, Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
            if output.text.contains("Server startup complete") {
                (self.port, self.managementPort, self.process, self.startupTime) = (port, management, process, Date().timeIntervalSince(launched))
                return
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            guard attempt < 4, output.text.contains("Address already in use") else {
                throw ServerProcess.Failure(description: "shakedown-broker did not start:\n\(output.text)")
            }
            attempt += 1
        }
    }

    var log: String { output.text }
    var isRunning: Bool { process.isRunning }

    /// SIGTERM, and waits for the exit: a clean shutdown.
    func terminate() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}
