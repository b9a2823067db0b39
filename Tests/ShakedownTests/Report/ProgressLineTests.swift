import Foundation
import Testing

@testable import Shakedown

@Suite struct ProgressLineTests {
    /// A clock the test moves by hand.
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var instant = ContinuousClock.now

        var now: ContinuousClock.Instant { lock.withLock { instant } }
        func advance(_ duration: Duration) { lock.withLock { instant += duration } }
    }

    func output(of pipe: Pipe) throws -> String {
        try pipe.fileHandleForWriting.close()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    @Test func terminalRewritesOneLineAtMostFourTimesASecond() throws {
        let pipe = Pipe()
        let clock = ManualClock()
        let progress = ProgressLine(output: pipe.fileHandleForWriting, mode: .rewrite, columns: 80) { clock.now }
        progress.update(scenario: "kill", elapsed: .seconds(1), opsPerSecond: 400.4, faults: 0)
        clock.advance(.milliseconds(100))
        progress.update(scenario: "kill", elapsed: .milliseconds(1100), opsPerSecond: 410, faults: 0)
        clock.advance(.milliseconds(200))
        progress.update(scenario: "kill", elapsed: .milliseconds(1300), opsPerSecond: 420, faults: 1)
        clock.advance(.milliseconds(10))
        // A new scenario is shown at once.
        progress.update(scenario: "no-majority", elapsed: .milliseconds(10), opsPerSecond: .nan, faults: 0)
        progress.finish()
        let clear = "\r\u{1B}[K"
        #expect(try output(of: pipe) == clear + "kill  1.0s  400 ops/s  0 faults" + clear + "kill  1.3s  420 ops/s  1 fault"
            + clear + "no-majority  10ms  0 ops/s  0 faults" + clear)
    }

    @Test func terminalLineNeverWraps() throws {
        let pipe = Pipe()
        let progress = ProgressLine(output: pipe.fileHandleForWriting, mode: .rewrite, columns: 20)
        progress.update(scenario: "a-very-long-scenario-name\n\u{1B}[31m", elapsed: .seconds(2), opsPerSecond: 1, faults: 0)
        let text = try output(of: pipe)
        #expect(text == "\r\u{1B}[K" + "a-very-long-scenar…")
    }

    @Test func logGetsALineOnChangesAtMostEveryFiveSeconds() throws {
        let pipe = Pipe()
        let clock = ManualClock()
        let progress = ProgressLine(output: pipe.fileHandleForWriting, mode: .lines) { clock.now }
        progress.update(scenario: "kill", elapsed: .zero, opsPerSecond: 0, faults: 0)
        clock.advance(.seconds(1))
        progress.update(scenario: "kill", elapsed: .seconds(1), opsPerSecond: 100, faults: 0)  // no change
        clock.advance(.seconds(1))
        progress.update(scenario: "kill", elapsed: .seconds(2), opsPerSecond: 100, faults: 1)  // held: 2 s
        clock.advance(.seconds(4))
        progress.update(scenario: "kill", elapsed: .seconds(6), opsPerSecond: 100, faults: 1)  // 6 s: shown
        clock.advance(.milliseconds(500))
        progress.update(scenario: "no-majority", elapsed: .zero, opsPerSecond: 0, faults: 0)  // new scenario
        clock.advance(.seconds(1))
        progress.update(scenario: "no-majority", elapsed: .seconds(1), opsPerSecond: 50, faults: 2)  // held
        progress.finish()  // flushes it
        #expect(try output(of: pipe) == """
            kill  0ms  0 ops/s  0 faults
            kill  6.0s  100 ops/s  1 fault
            no-majority  0ms  0 ops/s  0 faults
            no-majority  1.0s  50 ops/s  2 faults

            """)
    }

    @Test func aPipeIsNotATerminal() throws {
        let pipe = Pipe()
        let progress = ProgressLine(output: pipe.fileHandleForWriting)
        #expect(progress.mode == .lines)
        progress.finish()
        #expect(try output(of: pipe) == "")
    }
}
