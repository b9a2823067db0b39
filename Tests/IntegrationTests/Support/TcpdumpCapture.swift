import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The real `tcpdump -i lo -w FILE` around a piece of a test, as a user records traffic.
/// `-U` writes each packet as it comes, `-Z root` keeps tcpdump from switching to its own user
/// before opening the output (it could not write into a root-owned temporary folder), and the
/// capture is stopped with SIGINT, as Ctrl-C stops it, so it flushes and closes the file.
final class TcpdumpCapture: @unchecked Sendable {
    static var unavailableReason: String? {
        guard geteuid() == 0 else { return "not root: tcpdump needs to open lo" }
        guard (try? ExternalTool.locate("tcpdump")) != nil else { return "tcpdump is not installed (Scripts/setup.sh installs it)" }
        return nil
    }

    let file: URL
    private let process: Process
    private let errors: Pipe

    /// Starts capturing TCP to and from `ports` on lo and returns once tcpdump listens.
    init(ports: [Int], file: URL) throws {
        self.file = file
        process = Process()
        process.executableURL = try ExternalTool.locate("tcpdump")
        let filter = "tcp and (" + ports.map { "port \($0)" }.joined(separator: " or ") + ")"
        process.arguments = ["-i", "lo", "-n", "-U", "-Z", "root", "-s", "262144", "-w", file.path, filter]
        errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // tcpdump says "listening on lo" on stderr once the filter is installed.
        let handle = errors.fileHandleForReading
        var text = ""
        let deadline = Date().addingTimeInterval(10)
        while !text.contains("listening on"), Date() < deadline, process.isRunning {
            text += String(decoding: handle.availableData, as: UTF8.self)
        }
        guard text.contains("listening on") else {
            process.terminate()
            throw ServerProcess.Failure(description: "tcpdump did not start: \(text)")
        }
    }

    /// Stops the capture and returns tcpdump's closing lines ("N packets captured …").
    @discardableResult
    func stop() -> String {
        guard process.isRunning else { return "" }
        // Packets already on lo reach the capture buffer within milliseconds; give them that.
        Thread.sleep(forTimeInterval: 0.3)
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        return String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    deinit { if process.isRunning { process.terminate() } }
}
