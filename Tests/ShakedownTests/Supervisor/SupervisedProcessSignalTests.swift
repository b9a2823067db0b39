import Foundation
import Testing

@testable import Shakedown

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SupervisedProcessSignalTests {
    @Test func pauseStopsTheGroupAndResumeContinuesIt() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(shell("frozen", "sleep 300 & echo \"child $!\"; wait"))
            try await process.waitUntilReady(.logLine("child "), timeout: .seconds(60))
            let child = try #require(printedPid(process, "child"))
            process.pause()
            #expect(await eventually { ProcessStatus.read(process.pid)?.state == "T" })
            #expect(await eventually { ProcessStatus.read(child)?.state == "T" })
            #expect(process.isRunning)
            process.resume()
            #expect(await eventually { ProcessStatus.read(process.pid)?.state == "S" })
            #expect(await eventually { ProcessStatus.read(child)?.state == "S" })
        }
    }

    @Test func killIsReportedAsTheSignalAndLeavesNoZombie() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(sleeper("victim"))
            let identity = try #require(ProcessStatus.read(process.pid))
            process.kill()
            #expect(await process.waitForExit(timeout: .seconds(60)) == 128 + SIGKILL)
            #expect(process.termination == .signalled(SIGKILL))
            #expect(!process.isRunning)
            #expect(process.lifetime != nil)
            // Reaped: the pid is gone (or, if reused already, names another process).
            #expect(ProcessStatus.read(process.pid)?.startTime != identity.startTime)
            // Signals after the end are not sent to whoever may get the pid next.
            process.kill()
            process.signal(SIGTERM)
        }
    }

    @Test func signalGoesToTheProcessOnly() async throws {
        try await withSupervisor { supervisor, _ in
            let script = "trap 'echo got USR1' USR1; sleep 300 & echo \"child $!\"; while :; do wait; done"
            let process = try supervisor.spawn(shell("target", script))
            try await process.waitUntilReady(.logLine("child "), timeout: .seconds(60))
            let child = try #require(printedPid(process, "child"))
            process.signal(SIGUSR1)
            try await process.waitUntilReady(.logLine("got USR1"), timeout: .seconds(60))
            // The default action of SIGUSR1 would have ended the sleep, had it got one.
            #expect(ProcessStatus.read(child)?.isAlive == true)
        }
    }

    @Test func exitStatusIsReported() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(shell("failer", "exit 3"))
            #expect(await process.waitForTermination(timeout: .seconds(60)) == .exited(3))
            #expect(await process.waitForExit(timeout: .zero) == 3)
        }
    }

    @Test func waitForExitGivesUpAfterItsTimeout() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(sleeper("patient"))
            let clock = ContinuousClock()
            let start = clock.now
            #expect(await process.waitForExit(timeout: .milliseconds(200)) == nil)
            #expect(clock.now - start >= .milliseconds(200))
            #expect(await process.waitForExit(timeout: .zero) == nil)
        }
    }

    @Test func waitForExitReturnsWhenItsTaskIsCancelled() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(sleeper("patient"))
            let clock = ContinuousClock()
            let start = clock.now
            let waiter = Task { await process.waitForExit(timeout: .seconds(3600)) }
            try await Task.sleep(for: .milliseconds(50))
            waiter.cancel()
            #expect(await waiter.value == nil)
            #expect(clock.now - start < .seconds(1800))  // far below the 3600 s it would wait
        }
    }

    @Test func manyWaitersAllHearTheExit() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(sleeper("watched"))
            async let first = process.waitForTermination(timeout: .seconds(60))
            async let second = process.waitForTermination(timeout: .seconds(60))
            try await Task.sleep(for: .milliseconds(50))
            process.kill()
            #expect(await first == .signalled(SIGKILL))
            #expect(await second == .signalled(SIGKILL))
        }
    }

    @Test func otherChildrenOfTheRunnerKeepTheirStatuses() async throws {
        // The reaper waits for its own pids only; Foundation's Process must still see its
        // child's status.
        try await withSupervisor { supervisor, _ in
            let supervised = try supervisor.spawn(shell("short", "sleep 0.2; exit 4"))
            let other = Process()
            other.executableURL = URL(fileURLWithPath: "/bin/sh")
            other.arguments = ["-c", "sleep 0.3; exit 7"]
            try other.run()
            other.waitUntilExit()
            #expect(other.terminationStatus == 7)
            #expect(await supervised.waitForTermination(timeout: .seconds(60)) == .exited(4))
        }
    }
}
