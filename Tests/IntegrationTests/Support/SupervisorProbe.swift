import Foundation
import Shakedown

#if canImport(Glibc)
import Glibc
#endif

/// `.build/debug/shakedown-supervisor-probe` (Tests/Helpers/SupervisorProbe) run for a test:
/// a runner that supervises a sleeper and a shell with a background grandchild, and
/// reports their pids. `close()` (or dropping it) kills it and everything it started.
final class SupervisorProbe {
    let process: Process
    let logs: TemporaryDirectory
    private let input = Pipe()
    private let output = Pipe()
    private var received = Data()
    /// Pids by name: `sleeper`, `forker`, `trapper`, `grandchild`.
    private(set) var pids: [String: Int32] = [:]
    /// Everything below the probe once it was ready (the supervised processes, the
    /// grandchild, the group watchdog).
    private(set) var tree: [ProcessStatus] = []

    static var binary: URL { PackagePaths.root.appendingPathComponent(".build/debug/shakedown-supervisor-probe") }

    init(_ arguments: [String] = []) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            throw ServerProcess.Failure(description: "\(Self.binary.path) is missing: run `swift build` first")
        }
        logs = try TemporaryDirectory("supervisor-probe")
        process = Process()
        process.executableURL = Self.binary
        process.arguments = [logs.url.path] + arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let lines = try readLines(until: "ready", timeout: 20)
        for line in lines {
            let words = line.split(separator: " ").map(String.init)
            if words.count == 3, words[0] == "child" { pids[words[1]] = Int32(words[2]) }
            if words.count == 2, words[0] == "grandchild" { pids["grandchild"] = Int32(words[1]) }
        }
        tree = ProcessTree.descendants(of: process.processIdentifier)
    }

    var pid: Int32 { process.processIdentifier }

    /// A command on the probe's stdin (`crash`, `exit`, `stop`).
    func send(_ command: String) {
        input.fileHandleForWriting.write(Data((command + "\n").utf8))
    }

    /// Lines of stdout up to and including `last`.
    func readLines(until last: String, timeout: TimeInterval) throws -> [String] {
        let deadline = Date().addingTimeInterval(timeout)
        let fd = output.fileHandleForReading.fileDescriptor
        while true {
            let text = String(decoding: received, as: UTF8.self)
            let lines = text.split(separator: "\n").map(String.init)
            if let end = lines.firstIndex(of: last) { return Array(lines[...end]) }
            let remaining = deadline.timeIntervalSinceNow
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard remaining > 0, poll(&poller, 1, Int32(remaining * 1000)) > 0 else {
                throw ServerProcess.Failure(description: "the probe did not print \(last); it printed:\n\(text)")
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw ServerProcess.Failure(description: "the probe closed stdout; it printed:\n\(text)") }
            received.append(contentsOf: chunk[0..<n])
        }
    }

    /// Waits for the probe itself to end: its termination reason and status.
    func waitForExit(timeout: TimeInterval) -> (reason: Process.TerminationReason, status: Int32)? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return process.isRunning ? nil : (process.terminationReason, process.terminationStatus)
    }

    /// The log of a supervised process.
    func log(_ name: String) -> String {
        (try? String(contentsOf: logs.url.appendingPathComponent("\(name).log"), encoding: .utf8)) ?? ""
    }

    func close() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        ProcessTree.kill(tree)
    }

    deinit { close() }
}
