import Foundation
import NIOConcurrencyHelpers

/// The live progress of a run: scenario, elapsed time, operations per second, faults so far.
///
/// On a terminal one line is rewritten in place (`\r`, erase to end of line), at most about
/// four times a second and cut to the terminal's width so it never wraps (a wrapped line
/// cannot be rewritten). In a CI log or a pipe, where every write is a line kept forever, a
/// line is printed when the scenario changes, and for a change in faults at most every five
/// seconds; `finish()` prints a change still held back.
public final class ProgressLine: Sendable {
    public enum Mode: Sendable {
        /// Rewrite one line in place (a terminal).
        case rewrite
        /// Append plain lines on changes (a log or a pipe).
        case lines
    }

    public let mode: Mode
    private let output: FileHandle
    private let columns: Int
    private let now: @Sendable () -> ContinuousClock.Instant
    private let state = NIOLockedValueBox(State())

    static let rewriteInterval: Duration = .milliseconds(250)
    static let lineInterval: Duration = .seconds(5)

    private struct State {
        var lastWrite: ContinuousClock.Instant?
        var scenario: String?
        var faults: Int?
        /// A line the throttle held back.
        var pending: String?
        /// Something is on the terminal line that `finish()` must erase.
        var onScreen = false
    }

    /// `mode` defaults to what `output` is (`Terminal.canRewriteLine`); `columns` to the
    /// terminal's width, or 80. `now` is the clock the throttle reads (tests pass their own).
    public init(
        output: FileHandle, mode: Mode? = nil, columns: Int? = nil,
        now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }
    ) {
        let fd = output.fileDescriptor
        self.output = output
        self.mode = mode ?? (Terminal.canRewriteLine(fd) ? .rewrite : .lines)
        self.columns = max(10, columns ?? Terminal.columns(fd) ?? 80)
        self.now = now
    }

    public func update(scenario: String, elapsed: Duration, opsPerSecond: Double, faults: Int) {
        let name = PlainText.oneLine(scenario, limit: 80)
        let line = Self.format(scenario: name, elapsed: elapsed, opsPerSecond: opsPerSecond, faults: faults)
        // Written under the lock, so that concurrent updates reach the output in order.
        state.withLockedValue { state in
            let time = now()
            let sinceLast = state.lastWrite.map { time - $0 }
            let newScenario = state.scenario != name
            let due: Bool
            switch mode {
            case .rewrite:
                due = newScenario || sinceLast.map { $0 >= Self.rewriteInterval } ?? true
            case .lines:
                due = newScenario || (state.faults != faults && sinceLast.map { $0 >= Self.lineInterval } ?? true)
                // Only a change is worth a line in a log; an unchanged state is not pending.
                guard newScenario || state.faults != faults else {
                    state.pending = nil
                    return
                }
            }
            guard due else {
                state.pending = line
                return
            }
            state.lastWrite = time
            state.scenario = name
            state.faults = faults
            state.pending = nil
            state.onScreen = mode == .rewrite
            write(render(line))
        }
    }

    /// Erases the line on a terminal (the summary follows); in a log, prints what the throttle
    /// held back.
    public func finish() {
        state.withLockedValue { state in
            switch mode {
            case .rewrite: if state.onScreen { write("\r\u{1B}[K") }
            case .lines: if let pending = state.pending { write(pending + "\n") }
            }
            state.pending = nil
            state.onScreen = false
        }
    }

    /// `kill-one-master  12.3s  402 ops/s  2 faults`
    static func format(scenario: String, elapsed: Duration, opsPerSecond: Double, faults: Int) -> String {
        let rate = opsPerSecond.isFinite && opsPerSecond > 0 ? Int(min(opsPerSecond, 1e12).rounded()) : 0
        return "\(scenario)  \(ReportTime.human(elapsed.seconds))  \(rate) ops/s  \(faults) fault\(faults == 1 ? "" : "s")"
    }

    private func render(_ line: String) -> String {
        switch mode {
        case .rewrite:
            // One column spare: writing the last column makes some terminals wrap.
            let cut = line.count < columns ? line : String(line.prefix(columns - 2)) + "…"
            return "\r\u{1B}[K" + cut
        case .lines:
            return line + "\n"
        }
    }

    private func write(_ text: String) {
        try? output.write(contentsOf: Data(text.utf8))
    }
}
