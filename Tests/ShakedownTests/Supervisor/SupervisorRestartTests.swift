import Foundation
import Testing

@testable import Shakedown

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SupervisorRestartTests {
    @Test func restartAppendsToTheSameLogAfterAMarkerLine() async throws {
        try await withSupervisor { supervisor, _ in
            let first = try supervisor.spawn(shell("node", "echo \"run $$\""))
            #expect(await first.waitForExit(timeout: .seconds(60)) == 0)
            let second = try supervisor.restart(first)
            #expect(await second.waitForExit(timeout: .seconds(60)) == 0)
            #expect(second.name == "node")
            #expect(second.logFile == first.logFile)
            #expect(second.pid != first.pid)
            let lines = try String(contentsOf: first.logFile, encoding: .utf8).split(separator: "\n").map(String.init)
            #expect(lines.count == 3)
            #expect(lines.first == "run \(first.pid)")
            #expect(lines.last == "run \(second.pid)")
            let marker = lines.dropFirst().first ?? ""
            #expect(marker.wholeMatch(of: /--- restarted at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ---/) != nil, "\(marker)")
            // Each start's output is its own.
            #expect(second.output() == "run \(second.pid)\n")
            #expect(supervisor.processes.map(\.pid) == [second.pid])
        }
    }

    @Test func restartKillsARunningProcessAndItsGroupFirst() async throws {
        try await withSupervisor { supervisor, _ in
            let first = try supervisor.spawn(shell("node", "sleep 300 & echo \"child $!\"; wait"))
            try await first.waitUntilReady(.logLine("child "), timeout: .seconds(60))
            let child = try #require(printedPid(first, "child"))
            let second = try supervisor.restart(first, with: shell("node", "echo replaced"))
            #expect(first.termination == .signalled(SIGKILL))
            #expect(ProcessStatus.read(child)?.isAlive != true)
            #expect(await second.waitForExit(timeout: .seconds(60)) == 0)
            #expect(second.output() == "replaced\n")
            #expect(second.spec.arguments == ["-c", "echo replaced"])
        }
    }

    @Test func restartKeepsTheName() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(sleeper("node"))
            let error = try #require(throws: SupervisorError.self) {
                try supervisor.restart(process, with: sleeper("other"))
            }
            #expect("\(error)".contains("\"node\" cannot become \"other\""))
            #expect(process.isRunning)
        }
    }

    @Test func restartRefusesAnOutdatedHandle() async throws {
        try await withSupervisor { supervisor, _ in
            let first = try supervisor.spawn(sleeper("node"))
            let second = try supervisor.restart(first)
            #expect(throws: SupervisorError.self) { try supervisor.restart(first) }
            #expect(second.isRunning)
        }
    }
}
