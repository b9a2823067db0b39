import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Our broker, `.build/debug/shakedown-broker`, on free ports with a fresh data folder and a
/// definitions file loaded at boot: the same interface as the rabbitmq-server oracle.
/// `stop()` (or dropping the last reference) kills it.
final class ShakedownBrokerServer: RunningBroker, @unchecked Sendable {
    static var binary: URL { PackagePaths.root.appendingPathComponent(".build/debug/shakedown-broker") }

    static var unavailableReason: String? {
        FileManager.default.isExecutableFile(atPath: binary.path) ? nil : "\(binary.path) is missing: run `swift build` first"
    }

    let host = "127.0.0.1"
    let port: Int
    let managementPort: Int
    let startupTime: TimeInterval
    private let folder: TemporaryDirectory
    private let process = Process()
    private let output = LockedText()

    init(definitions: URL?) throws {
        port = try FreePort.find()
        managementPort = try FreePort.find()
        folder = try TemporaryDirectory("shakedown-broker")
        process.executableURL = Self.binary
        process.arguments =
            ["--port", String(port), "--management-port", String(managementPort), "--data-dir", folder.path("data")]
            + (definitions.map { ["--definitions", $0.path] } ?? [])
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let output = output
        pipe.fileHandleForReading.readabilityHandler = { handle in output.append(handle.availableData) }
        let launched = Date()
        try process.run()
        // The broker prints this line once it listens.
        let deadline = launched.addingTimeInterval(60)
        while !output.text.contains("Server startup complete"), process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        startupTime = Date().timeIntervalSince(launched)
        guard output.text.contains("Server startup complete") else {
            stop()
            throw ServerProcess.Failure(description: "shakedown-broker did not start:\n\(output.text)")
        }
    }

    var log: String { output.text }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}
