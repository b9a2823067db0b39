import Foundation
import Testing

@testable import Shakedown

#if canImport(Glibc)
import Glibc
#endif

@Suite struct SupervisorSpawnTests {
    @Test func stdoutAndStderrGoToTheLogNamedAfterTheProcess() async throws {
        try await withSupervisor { supervisor, directory in
            let process = try supervisor.spawn(shell("talker", "echo to-stdout; echo to-stderr >&2"))
            #expect(await process.waitForExit(timeout: .seconds(60)) == 0)
            #expect(process.logFile.path == directory.appendingPathComponent("talker.log").path)
            let log = try String(contentsOf: process.logFile, encoding: .utf8)
            #expect(log == "to-stdout\nto-stderr\n")
            #expect(process.output() == log)
        }
    }

    @Test func environmentOverridesAndWorkingDirectory() async throws {
        try await withSupervisor { supervisor, directory in
            var spec = shell("env", "echo \"var=$SHAKEDOWN_TEST_VAR home=$HOME\"; pwd -P")
            spec.environment = ["SHAKEDOWN_TEST_VAR": "set by spec"]
            spec.workingDirectory = directory
            let process = try supervisor.spawn(spec)
            #expect(await process.waitForExit(timeout: .seconds(60)) == 0)
            let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
            #expect(process.output() == "var=set by spec home=\(home)\n\(directory.resolvingSymlinksInPath().path)\n")
        }
    }

    @Test func commandPrefixExecsIntoTheProgramSoThePidIsTheProgramsOwn() async throws {
        try await withSupervisor { supervisor, _ in
            var spec = shell("prefixed", "echo \"pid $$ $FROM_PREFIX\"")
            spec.commandPrefix = ["env", "FROM_PREFIX=yes"]
            let process = try supervisor.spawn(spec)
            #expect(await process.waitForExit(timeout: .seconds(60)) == 0)
            #expect(process.output() == "pid \(process.pid) yes\n")
        }
    }

    @Test func eachProcessLeadsAGroupThatHoldsWhatItForks() async throws {
        try await withSupervisor { supervisor, _ in
            let process = try supervisor.spawn(shell("forker", "sleep 300 & echo \"child $!\"; wait"))
            try await process.waitUntilReady(.logLine("child "), timeout: .seconds(60))
            let child = try #require(printedPid(process, "child"))
            #expect(ProcessStatus.read(process.pid)?.group == process.pid)
            #expect(ProcessStatus.read(child)?.group == process.pid)
            #expect(getpgrp() != process.pid)
            process.kill()
            #expect(await process.waitForTermination(timeout: .seconds(60)) == .signalled(SIGKILL))
            #expect(await eventually { ProcessStatus.read(child)?.isAlive != true })
        }
    }

    @Test func whatALeaderLeavesInItsGroupIsKilledWhenItExits() async throws {
        try await withSupervisor { supervisor, _ in
            // The shell exits at once, leaving its background sleep behind (as a node that
            // crashes leaves its BGSAVE child).
            let process = try supervisor.spawn(shell("leaver", "sleep 300 & echo \"child $!\""))
            #expect(await process.waitForExit(timeout: .seconds(60)) == 0)
            let child = try #require(printedPid(process, "child"))
            #expect(await eventually { ProcessStatus.read(child)?.isAlive != true })
        }
    }

    @Test func aMissingExecutableIsAnErrorThatSaysSo() async throws {
        try await withSupervisor { supervisor, _ in
            let spec = ProcessSpec(name: "ghost", executable: URL(fileURLWithPath: "/nonexistent/ghost-server"))
            let error = try #require(throws: SupervisorError.self) { try supervisor.spawn(spec) }
            #expect("\(error)".contains("/nonexistent/ghost-server"))
            #expect("\(error)".contains("No such file or directory"))
            #expect(supervisor.processes.isEmpty)
        }
    }

    @Test func aMissingWorkingDirectoryIsAnErrorThatSaysSo() async throws {
        try await withSupervisor { supervisor, directory in
            var spec = sleeper("lost")
            spec.workingDirectory = directory.appendingPathComponent("no-such-dir")
            let error = try #require(throws: SupervisorError.self) { try supervisor.spawn(spec) }
            #expect("\(error)".contains("working directory \(directory.path)/no-such-dir"))
        }
    }

    @Test func aPrefixCommandNotOnThePathIsAnError() async throws {
        try await withSupervisor { supervisor, _ in
            var spec = sleeper("netns")
            spec.commandPrefix = ["no-such-prefix-tool-xyz", "exec"]
            let error = try #require(throws: SupervisorError.self) { try supervisor.spawn(spec) }
            #expect("\(error)".contains("no-such-prefix-tool-xyz is not on the PATH"))
        }
    }

    @Test(arguments: ["", "a/b", "..", "."])
    func namesMustBeFileNames(_ name: String) async throws {
        try await withSupervisor { supervisor, _ in
            #expect(throws: SupervisorError.self) { try supervisor.spawn(sleeper(name)) }
        }
    }

    @Test func aRunningNameCannotBeSpawnedTwice() async throws {
        try await withSupervisor { supervisor, _ in
            let first = try supervisor.spawn(sleeper("node"))
            let error = try #require(throws: SupervisorError.self) { try supervisor.spawn(sleeper("node")) }
            #expect("\(error)".contains("already running"))
            #expect(supervisor.processes.map(\.pid) == [first.pid])
        }
    }

    @Test func processesListsTheLatestStartOfEachNameInOrder() async throws {
        try await withSupervisor { supervisor, _ in
            let a = try supervisor.spawn(sleeper("a"))
            let b = try supervisor.spawn(shell("b", "exit 0"))
            #expect(await b.waitForExit(timeout: .seconds(60)) == 0)
            let b2 = try supervisor.spawn(sleeper("b"))
            #expect(supervisor.processes.map(\.pid) == [a.pid, b2.pid])
            #expect(supervisor.process(named: "b") === b2)
        }
    }

    @Test func childSurvivesTheThreadThatAskedForIt() async throws {
        // PR_SET_PDEATHSIG fires when the forking thread exits; forks happen on the
        // supervisor's own long-lived thread, so the caller's thread may come and go.
        try await withSupervisor { supervisor, _ in
            let spawned = NSLock()
            nonisolated(unsafe) var result: Result<SupervisedProcess, any Error>?
            let thread = Thread {
                let outcome = Result { try supervisor.spawn(sleeper("orphan-candidate")) }
                spawned.withLock { result = outcome }
            }
            thread.start()
            #expect(await eventually { spawned.withLock { result != nil } })
            let process = try #require(try spawned.withLock { try result?.get() })
            // The thread has returned by now; give a death signal time to arrive.
            #expect(await eventually { thread.isFinished })
            try await Task.sleep(for: .milliseconds(300))
            #expect(process.isRunning)
            #expect(ProcessStatus.read(process.pid)?.isAlive == true)
        }
    }
}
