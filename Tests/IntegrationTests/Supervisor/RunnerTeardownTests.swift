import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// However a runner ends, nothing it started may survive it: its supervised processes,
/// what they forked, or its group watchdog. The runner here is the supervisor probe (a
/// hidden test executable); `shakedown run` gets the same treatment once it exists.
@Suite struct RunnerTeardownTests {
    /// Starts the probe and checks that it really has a sleeper, a forker with a
    /// grandchild, and the watchdog below it: the teardown checks must not pass vacuously.
    private func startProbe(_ arguments: [String] = []) throws -> SupervisorProbe {
        let probe = try SupervisorProbe(arguments)
        let treePids = Set(probe.tree.map(\.pid))
        for name in ["sleeper", "forker", "trapper", "grandchild"] {
            let pid = try #require(probe.pids[name], "the probe printed no pid for \(name)")
            #expect(treePids.contains(pid), "\(name) (\(pid)) is not below the probe: \(ProcessTree.describe(probe.tree))")
        }
        #expect(probe.tree.contains { $0.command == "shakedown-guard" }, "no watchdog below the probe: \(ProcessTree.describe(probe.tree))")
        return probe
    }

    private func expectNothingLeft(_ probe: SupervisorProbe, within timeout: TimeInterval) {
        let survivors = ProcessTree.survivors(of: probe.tree, within: timeout)
        #expect(survivors.isEmpty, "still alive after the runner ended: \(ProcessTree.describe(survivors))")
    }

    @Test func aSigkilledRunnerLeavesNoProcessBehind() throws {
        let probe = try startProbe()
        defer { probe.close() }
        kill(probe.pid, SIGKILL)
        #expect(probe.waitForExit(timeout: 5)?.status == SIGKILL)
        expectNothingLeft(probe, within: 5)
        // No orderly stop on this path: the kernel and the watchdog SIGKILL.
        #expect(!probe.log("trapper").contains("got TERM"))
    }

    @Test func aSigkilledRunnerWithoutSignalHandlersLeavesNoProcessBehind() throws {
        let probe = try startProbe(["--no-handlers"])
        defer { probe.close() }
        kill(probe.pid, SIGKILL)
        expectNothingLeft(probe, within: 5)
    }

    @Test func aRunnerThatCrashesLeavesNoProcessBehind() throws {
        let probe = try startProbe()
        defer { probe.close() }
        probe.send("crash")
        // Swift's crash handler may take a while to print its backtrace before the end.
        let end = probe.waitForExit(timeout: 30)
        #expect(end?.reason == .uncaughtSignal)
        expectNothingLeft(probe, within: 5)
    }

    @Test func aRunnerThatExitsWithoutStoppingLeavesNoProcessBehind() throws {
        let probe = try startProbe()
        defer { probe.close() }
        probe.send("exit")
        #expect(probe.waitForExit(timeout: 10)?.status == 0)
        expectNothingLeft(probe, within: 5)
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func aSignalledRunnerTearsDownAndEndsByThatSignal(_ signal: Int32) throws {
        let probe = try startProbe()
        defer { probe.close() }
        kill(probe.pid, signal)
        let end = probe.waitForExit(timeout: 15)
        #expect(end?.reason == .uncaughtSignal)
        #expect(end?.status == signal)
        expectNothingLeft(probe, within: 5)
        // An orderly teardown: SIGTERM first, which the trapper handled.
        #expect(probe.log("trapper").hasSuffix("got TERM\n"), "\(probe.log("trapper"))")
    }

    @Test func stopAllLeavesNothingWhileTheRunnerLives() throws {
        let probe = try startProbe()
        defer { probe.close() }
        probe.send("stop")
        _ = try probe.readLines(until: "stopped", timeout: 15)
        let names = ["sleeper", "forker", "trapper", "grandchild"]
        let supervised = probe.tree.filter { tree in names.contains { probe.pids[$0] == tree.pid } }
        #expect(supervised.count == 4)
        let survivors = ProcessTree.survivors(of: supervised, within: 5)
        #expect(survivors.isEmpty, "alive after stopAll: \(ProcessTree.describe(survivors))")
        #expect(probe.process.isRunning)
    }
}
