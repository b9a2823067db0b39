import Foundation

#if canImport(Glibc)
import Glibc
#endif
import Shakedown

/// A Redis-speaking server run as a separate process for a test: this package's built node,
/// or the reference redis-server. It listens on a free port; `stop()` (or dropping the last
/// reference) kills it, so a failing test cannot leave it running.
final class ServerProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private(set) var port: Int
    private var process: Process
    private var log = LockedText()

    static var shakedownBinary: URL { PackagePaths.root.appendingPathComponent(".build/debug/shakedown-redis") }

    /// Our node, from `.build/debug/shakedown-redis` in this package. `arguments` come after
    /// `--port`; unless given, saving is off.
    static func shakedown(_ arguments: [String] = ["--save", ""], directory: URL? = nil) throws -> ServerProcess {
        let binary = shakedownBinary
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw Failure(description: "\(binary.path) is missing: run `swift build` before the integration tests")
        }
        return try ServerProcess(binary, arguments: arguments, directory: directory)
    }

    /// The reference Redis 7.0 server, from the PATH.
    static func reference(_ arguments: [String] = ["--save", "", "--appendonly", "no"], directory: URL? = nil) throws
        -> ServerProcess
    {
        try ServerProcess(try ExternalTool.locate("redis-server"), arguments: arguments, directory: directory)
    }

    /// `commandPrefix` runs the server behind another command, e.g. `ip netns exec NS`;
    /// `readyLine` is what the server prints once it accepts connections. `attemptArguments`
    /// come after `arguments`, made again for every attempt (another free port, say).
    init(
        _ executable: URL, arguments: [String], directory: URL? = nil, port fixedPort: Int? = nil,
        commandPrefix: [String] = [], readyLine: String = "Ready to accept connections",
        attemptArguments: () throws -> [String] = { [] }
    ) throws {
        // A free port can be taken by another test between finding it and the server
        // binding it (many servers start in parallel): then try another one.
        var attempt = 1
        while true {
            port = try fixedPort ?? FreePort.find()
            let arguments = try arguments + attemptArguments()
            process = Process()
            if let launcher = commandPrefix.first {
                process.executableURL = URL(fileURLWithPath: launcher)
                process.arguments = commandPrefix.dropFirst() + [executable.path, "--port", String(port)] + arguments
            } else {
                process.executableURL = executable
                process.arguments = ["--port", String(port)] + arguments
            }
            if let directory { process.currentDirectoryURL = directory }
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            let log = LockedText()
            self.log = log
            try process.run()
            PipeDrain.start(pipe) { log.append($0) }
            // Generous: it returns as soon as the server is ready, and with the harness suites
            // running beside, a debug build can take many seconds to get there.
            let deadline = Date().addingTimeInterval(60)
            while !log.text.contains(readyLine), process.isRunning, Date() < deadline {
                Thread.sleep(forTimeInterval: 0.02)
            }
            if log.text.contains(readyLine) { return }
            stop()
            if fixedPort == nil, attempt < 4, log.text.contains("Address already in use") {
                attempt += 1
                continue
            }
            throw Failure(description: "\(executable.lastPathComponent) did not start:\n\(log.text)")
        }
    }

    /// Whether the server logs `text` within `timeout`: its log arrives through a pipe, a
    /// little after the server wrote it.
    func logs(_ text: String, within timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while !log.text.contains(text), Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return log.text.contains(text)
    }

    var pid: Int32 { process.processIdentifier }
    var output: String { log.text }
    var isRunning: Bool { process.isRunning }

    /// SIGKILL: no chance to save anything.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// SIGTERM, then waits (up to `timeout`) and returns the exit status.
    @discardableResult
    func terminate(timeout: TimeInterval = 15) -> Int32? {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        guard !process.isRunning else {
            stop()
            return nil
        }
        return process.terminationStatus
    }

    /// Waits for the process to exit by itself (after SHUTDOWN); nil on timeout.
    func waitForExit(timeout: TimeInterval = 15) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit { stop() }

    /// Runs a server that is expected to refuse to start: returns its exit status and output.
    static func runExpectingExit(_ executable: URL, _ arguments: [String], directory: URL? = nil, timeout: TimeInterval = 15)
        throws -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let log = LockedText()
        try process.run()
        PipeDrain.start(pipe) { log.append($0) }
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw Failure(description: "\(executable.lastPathComponent) kept running; output:\n\(log.text)")
        }
        Thread.sleep(forTimeInterval: 0.05)
        return (process.terminationStatus, log.text)
    }
}

/// A temporary directory removed when the value goes away.
final class TemporaryDirectory: Sendable {
    let url: URL
    init(_ label: String = "shakedown") throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// Text gathered from another thread.
final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ more: Data) {
        lock.lock()
        data.append(more)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}

enum PackagePaths {
    /// The package root: this file is Tests/IntegrationTests/Support/ServerProcess.swift.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}

enum ExternalTool {
    /// The path of `name` on the PATH, or a failure saying it is needed.
    static func locate(_ name: String) throws -> URL {
        if name.hasPrefix("/") && FileManager.default.isExecutableFile(atPath: name) { return URL(fileURLWithPath: name) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw ServerProcess.Failure(description: "\(name) (Redis 7.0) is not on the PATH; the oracle tests need it")
    }
}

extension ExternalTool {
    /// Runs a tool to completion: exit status and combined output.
    static func run(_ tool: String, _ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = try locate(tool)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
