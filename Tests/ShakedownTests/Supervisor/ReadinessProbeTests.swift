import Foundation
import Testing

@testable import Shakedown

#if canImport(Glibc)
import Glibc
#endif

@Suite struct ReadinessProbeTests {
    @Test func portProbeWaitsUntilSomethingListens() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(sleeper("server"))
            let port = try ReservedPort()
            let opener = Task {
                try await Task.sleep(for: .milliseconds(300))
                port.listen()
            }
            let clock = ContinuousClock()
            let start = clock.now
            try await process.waitUntilReady(.port("127.0.0.1", port.port), timeout: .seconds(600))
            #expect(clock.now - start >= .milliseconds(300))
            try await opener.value
        }
    }

    @Test func portProbeTimesOutWithAMessageThatSaysWhatHappened() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(shell("server", "echo starting up; echo still loading >&2; sleep 300"))
            let port = try ReservedPort()
            let error = try await #require(throws: ReadinessError.self) {
                try await process.waitUntilReady(.port("127.0.0.1", port.port), timeout: .milliseconds(500))
            }
            let text = "\(error)"
            #expect(text.contains("server (pid \(process.pid)) did not become ready"), "\(text)")
            #expect(text.contains("TCP connect to 127.0.0.1:\(port.port) had not succeeded after 0.50s"), "\(text)")
            #expect(text.contains("still running"), "\(text)")
            #expect(text.contains("  | starting up\n  | still loading"), "\(text)")
            #expect(error.termination == nil)
            #expect(error.waited >= .milliseconds(500))
        }
    }

    @Test func aProcessThatExitsAtOnceIsReportedWithItsStatusWithoutWaitingOutTheTimeout() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(shell("crasher", "echo 'cannot bind: address in use' >&2; exit 3"))
            let port = try ReservedPort()
            let clock = ContinuousClock()
            let start = clock.now
            let error = try await #require(throws: ReadinessError.self) {
                try await process.waitUntilReady(.port("127.0.0.1", port.port), timeout: .seconds(3600))
            }
            #expect(clock.now - start < .seconds(1800))  // far below the 3600 s it would wait
            #expect(error.termination == .exited(3))
            let text = "\(error)"
            #expect(text.contains("crasher (pid \(process.pid)) did not become ready: it exited with status 3 after"), "\(text)")
            #expect(text.contains("before TCP connect to 127.0.0.1:\(port.port) succeeded"), "\(text)")
            #expect(text.contains("  | cannot bind: address in use"), "\(text)")
        }
    }

    @Test func aKilledProcessIsReportedWithItsSignal() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(sleeper("doomed"))
            process.kill()
            let error = try await #require(throws: ReadinessError.self) {
                try await process.waitUntilReady(.logLine("never"), timeout: .seconds(30))
            }
            #expect("\(error)".contains("it was killed by SIGKILL"))
            #expect("\(error)".contains("it wrote nothing to"))
        }
    }

    @Test func logLineProbeSeesTheLineWhenItComes() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(
                shell("node", "echo loading; sleep 0.3; echo '1:M 01 Jan * Ready to accept connections tcp'; sleep 300"))
            try await process.waitUntilReady(.logLine("Ready to accept connections"), timeout: .seconds(600))
            #expect(process.output().contains("Ready to accept connections"))
        }
    }

    @Test func logLineProbeIgnoresEarlierStarts() async throws {
        try await withSupervisor { supervisor, _ in
            let first = try supervisor.spawn(shell("node", "echo READY-MARK"))
            #expect(await first.waitForExit(timeout: .seconds(600)) == 0)
            let second = try supervisor.restart(first, with: shell("node", "echo something else; sleep 300"))
            let error = try await #require(throws: ReadinessError.self) {
                try await second.waitUntilReady(.logLine("READY-MARK"), timeout: .milliseconds(300))
            }
            #expect("\(error)".contains("a log line containing \"READY-MARK\" had not succeeded"))
            #expect(error.logTail == ["something else"])
        }
    }

    @Test func customProbeIsPolledUntilItSaysYes() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(sleeper("node"))
            let calls = Counter()
            try await process.waitUntilReady(.custom { calls.increment() >= 3 }, timeout: .seconds(600))
            #expect(calls.value == 3)
            let error = try await #require(throws: ReadinessError.self) {
                try await process.waitUntilReady(.custom("PING answers PONG") { false }, timeout: .milliseconds(100))
            }
            #expect("\(error)".contains("PING answers PONG had not succeeded after 0.10s"))
        }
    }

    @Test func waitingEndsWhenTheTaskIsCancelled() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(sleeper("node"))
            let waiter = Task { try await process.waitUntilReady(.custom { false }, timeout: .seconds(600)) }
            try await Task.sleep(for: .milliseconds(100))
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
        }
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() -> Int { lock.withLock { count += 1; return count } }
    var value: Int { lock.withLock { count } }
}
