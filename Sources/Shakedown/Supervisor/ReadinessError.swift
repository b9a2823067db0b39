import Foundation

/// A process that did not become ready: which, by which probe, how long it was given,
/// whether it exited (and how), and the end of its log.
public struct ReadinessError: Error, Sendable, CustomStringConvertible {
    public let process: String
    public let pid: Int32
    public let probe: String
    public let timeout: Duration
    /// How long it was watched before giving up.
    public let waited: Duration
    /// Set when the process ended before the probe succeeded.
    public let termination: ProcessTermination?
    /// How long it ran, when it ended.
    public let lifetime: Duration?
    public let logFile: URL
    /// The last lines (up to ten) the process wrote since this start.
    public let logTail: [String]

    public var description: String {
        var text = "\(process) (pid \(pid)) did not become ready: "
        if let termination {
            text += "it \(termination) after \(Self.format(lifetime ?? waited)), before \(probe) succeeded"
        } else {
            text += "\(probe) had not succeeded after \(Self.format(timeout)); the process is still running"
        }
        if logTail.isEmpty {
            text += "\nit wrote nothing to \(logFile.path) since it started"
        } else {
            text += "\nlast lines of \(logFile.path):"
            for line in logTail { text += "\n  | \(line)" }
        }
        return text
    }

    private static func format(_ duration: Duration) -> String {
        String(format: "%.2fs", duration.seconds)
    }
}

extension SupervisedProcess {
    /// Polls `probe` (every 50 ms) until it succeeds; throws a `ReadinessError` when the
    /// process exits first or `timeout` passes, and CancellationError when the task is
    /// cancelled.
    public func waitUntilReady(_ probe: ReadinessProbe, timeout: Duration) async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + timeout
        let isReady = probe.makeCheck(self)
        while true {
            if termination == nil, await isReady() {
                // A port can answer for another process; an exit in between still counts.
                if termination == nil { return }
            }
            if termination != nil || clock.now >= deadline {
                throw ReadinessError(
                    process: name, pid: pid, probe: probe.description, timeout: timeout, waited: clock.now - start,
                    termination: termination, lifetime: lifetime, logFile: logFile, logTail: outputTail(lines: 10))
            }
            try await Task.sleep(for: min(.milliseconds(50), deadline - clock.now))
        }
    }
}
