import Foundation
import Testing

@testable import Shakedown

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SupervisorStopTests {
    @Test func stopAllSendsSigtermThenSigkillAfterTheGrace() async throws {
        try await withSupervisor { supervisor, _ in
            let polite = try supervisor.spawn(sleeper("polite"))
            // Ignored signals stay ignored across exec, so its sleeps ignore SIGTERM too.
            let stubborn = try supervisor.spawn(shell("stubborn", "trap '' TERM; echo armed; while :; do sleep 0.1; done"))
            try await stubborn.waitUntilReady(.logLine("armed"), timeout: .seconds(60))
            let clock = ContinuousClock()
            let start = clock.now
            await supervisor.stopAll(grace: .milliseconds(500))
            #expect(clock.now - start >= .milliseconds(500))
            #expect(polite.termination == .signalled(SIGTERM))
            #expect(stubborn.termination == .signalled(SIGKILL))
        }
    }

    @Test func stopAllDoesNotWaitOutTheGraceWhenEveryoneObeys() async throws {
        try await withSupervisor { supervisor, _ in
            let processes = try (0..<3).map { try supervisor.spawn(sleeper("s\($0)")) }
            let clock = ContinuousClock()
            let start = clock.now
            await supervisor.stopAll(grace: .seconds(3600))
            #expect(clock.now - start < .seconds(1800))  // far below the 3600 s it would wait
            #expect(processes.allSatisfy { $0.termination == .signalled(SIGTERM) })
        }
    }

    @Test func aSupervisorThatGoesAwayKillsItsProcesses() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("supervisor-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var supervisor: Supervisor? = Supervisor(logDirectory: directory)
        let process = try #require(try supervisor?.spawn(sleeper("abandoned")))
        supervisor = nil
        #expect(await process.waitForTermination(timeout: .seconds(60)) == .signalled(SIGKILL))
    }
}
