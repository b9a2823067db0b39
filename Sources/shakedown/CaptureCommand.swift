import ArgumentParser
import Capture
import Dispatch
import Foundation
import Shakedown

struct CaptureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Capture TCP traffic on some ports to a pcap file (libpcap; needs root or CAP_NET_RAW).",
        discussion: """
            Runs until --duration has passed or Ctrl-C, then prints the counts. The file is \
            written as packets come, so it is readable (tshark, `shakedown replay`) while the \
            capture runs. Exit codes: 0 done, 64 bad command line, 77 not permitted to capture, \
            70 the capture could not start or stopped early.
            """)

    @Option(help: "TCP ports to keep: ports and ranges, comma-separated (7000-7005,8000).")
    var ports: String

    @Option(help: "Network interface to capture on (any: all of them).")
    var interface = "lo"

    @Option(help: "Stop after this long (500ms, 10s, 2m); without it, at Ctrl-C.")
    var duration: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: "The pcap file to write.")
    var output: String

    /// sysexits' EX_NOPERM: root or CAP_NET_RAW is missing.
    static let notPermitted: Int32 = 77

    func run() async throws {
        let selection: CapturePorts
        do {
            selection = try CapturePorts(parsing: ports)
        } catch {
            throw ValidationError("--ports: \(error)")
        }
        let limit = try duration.map { text in
            guard let limit = DurationText.parse(text), limit > .zero else {
                throw ValidationError("--duration '\(text)' is not a duration; write 500ms, 10s or 2m")
            }
            return limit
        }
        let capture = LiveCapture(
            path: output, configuration: LiveCaptureConfiguration(interface: interface, filter: selection.bpfFilter))
        let stop = StopRequest(after: limit)
        do {
            try capture.start()
        } catch {
            FileHandle.standardError.write(Data("shakedown capture: \(error)\n".utf8))
            throw ExitCode(LiveCapture.isPermissionFailure(error) ? Self.notPermitted : ExitStatus.internalError.rawValue)
        }
        say("shakedown capture: \(selection.bpfFilter) on \(interface) into \(output); " + (limit.map { "for \(DurationText.format($0))" } ?? "Ctrl-C to stop"))
        let reason = await stop.wait()
        let statistics = capture.stop()
        say("shakedown capture: \(reason); \(statistics)")
        if statistics.problem != nil { throw ExitCode(ExitStatus.internalError.rawValue) }
    }
}

/// The first of: the duration passing, SIGINT, SIGTERM. Signals are handled, not fatal, while
/// it waits, so the file is closed properly.
private final class StopRequest {
    private let reasons: AsyncStream<String>
    private let sources: [any DispatchSourceSignal]

    init(after limit: Duration?) {
        let (reasons, continuation) = AsyncStream.makeStream(of: String.self)
        self.reasons = reasons
        sources = [(SIGINT, "interrupted"), (SIGTERM, "terminated")].map { signalNumber, reason in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber)
            source.setEventHandler { continuation.yield(reason) }
            source.resume()
            return source
        }
        if let limit {
            Task {
                try? await Task.sleep(for: limit)
                continuation.yield("\(DurationText.format(limit)) passed")
            }
        }
    }

    func wait() async -> String {
        for await reason in reasons { return reason }
        return "stopped"
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
