import Foundation
import Shakedown
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The real `tcpdump -i lo -w FILE` around a piece of a test, as a user records traffic.
/// `-B 65536` gives the kernel 64 MiB to hold packets while a loaded machine keeps tcpdump
/// off the CPU; `--immediate-mode` hands each packet to tcpdump as it arrives (otherwise a quiet capture's
/// packets can sit in a kernel ring block that SIGINT discards), `-U` writes each as it comes, `-Z root` keeps tcpdump from switching to its own user
/// before opening the output (it could not write into a root-owned temporary folder), and the
/// capture is stopped with SIGINT, as Ctrl-C stops it, so it flushes and prints its counts.
/// It runs under the harness's `Supervisor`: a test's worker thread has most signals blocked,
/// and a child started from it with Foundation's `Process` would inherit that and never see
/// SIGINT.
final class TcpdumpCapture: @unchecked Sendable {
    static var unavailableReason: String? {
        guard geteuid() == 0 else { return "not root: tcpdump needs to open lo" }
        guard (try? ExternalTool.locate("tcpdump")) != nil else { return "tcpdump is not installed (Scripts/setup.sh installs it)" }
        return nil
    }

    let file: URL
    private let folder: TemporaryDirectory
    private let supervisor: Supervisor
    private let process: SupervisedProcess

    /// Starts capturing TCP to and from `ports` on lo and returns once tcpdump listens.
    init(ports: [Int], file: URL) throws {
        self.file = file
        folder = try TemporaryDirectory("tcpdump")
        supervisor = Supervisor(logDirectory: folder.url)
        let filter = "tcp and (" + ports.map { "port \($0)" }.joined(separator: " or ") + ")"
        process = try supervisor.spawn(
            ProcessSpec(
                name: "tcpdump", executable: try ExternalTool.locate("tcpdump"),
                arguments: ["-i", "lo", "-n", "--immediate-mode", "-B", "65536", "-U", "-Z", "root", "-s", "262144", "-w", file.path, filter]))
        // tcpdump says "listening on lo" once the filter is installed.
        let deadline = Date().addingTimeInterval(10)
        while !process.output().contains("listening on"), process.isRunning, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        guard process.output().contains("listening on") else {
            process.kill()
            throw ServerProcess.Failure(description: "tcpdump did not start: \(process.output())")
        }
    }

    /// Stops the capture and returns what tcpdump printed ("N packets captured …").
    @discardableResult
    func stop() -> String {
        guard process.isRunning else { return process.output() }
        // Packets already on lo may still be on their way to the file (tcpdump writes each as
        // it comes, -U): wait until the file has stopped growing for 0.5 s.
        waitUntilFileSettles()
        process.signal(SIGINT)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning { process.kill() }
        return process.output()
    }

    private func waitUntilFileSettles(quiet: TimeInterval = 0.5, deadline timeout: TimeInterval = 10) {
        func size() -> Int { (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? -1 }
        let deadline = Date().addingTimeInterval(timeout)
        var last = size()
        var since = Date()
        while Date() < deadline, Date().timeIntervalSince(since) < quiet {
            Thread.sleep(forTimeInterval: 0.05)
            let now = size()
            if now != last { (last, since) = (now, Date()) }
        }
    }

    /// Records with `take` (which starts its servers and a capture, runs the traffic and
    /// returns its result with what `stop()` printed) again, up to `attempts` in all, while
    /// tcpdump says the kernel dropped packets: a capture with gaps would not replay.
    static func recordWithoutDrops<T>(attempts: Int = 3, _ take: () throws -> (result: T, dumped: String)) rethrows -> T {
        var attempt = 1
        while true {
            let (result, dumped) = try take()
            if droppedByKernel(dumped) == 0 || attempt == attempts {
                #expect(droppedByKernel(dumped) == 0, "\(dumped)")
                return result
            }
            attempt += 1
        }
    }

    /// Packets the kernel dropped, from tcpdump's closing lines; nil if it did not say.
    static func droppedByKernel(_ output: String) -> Int? {
        guard let line = output.split(separator: "\n").first(where: { $0.contains("dropped by kernel") }) else { return nil }
        return Int(line.split(separator: " ").first ?? "")
    }

    deinit { if process.isRunning { process.kill() } }
}
