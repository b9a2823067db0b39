import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Starts and controls the processes of a system under test; one per run or scenario.
///
/// Each process leads its own process group, writes stdout and stderr to
/// `<logDirectory>/<name>.log`, and cannot outlive the runner: the kernel SIGKILLs it when
/// the runner dies (PR_SET_PDEATHSIG, set between fork and exec), and the group watchdog
/// then SIGKILLs its group, which takes what it forked. That holds when the runner is
/// SIGKILLed or crashes; SIGINT and SIGTERM get an orderly teardown once
/// `installTerminationHandlers` has been called. A supervisor that goes away SIGKILLs its
/// processes; a process whose leader exits has the rest of its group killed.
/// Programs that leave their process group (setsid, setpgid) escape all of this.
public final class Supervisor: @unchecked Sendable {
    public let logDirectory: URL

    private let lock = NSLock()
    /// The latest start of each name, in the order names were first spawned.
    private var current: [SupervisedProcess] = []

    public init(logDirectory: URL) {
        self.logDirectory = logDirectory
        LiveSupervisors.add(self)
    }

    deinit {
        LiveSupervisors.remove(self)
        for process in current { process.kill() }
    }

    /// The latest start of each name, in the order the names were first spawned (running
    /// or not).
    public var processes: [SupervisedProcess] { lock.withLock { current } }

    public func process(named name: String) -> SupervisedProcess? {
        lock.withLock { current.first { $0.name == name } }
    }

    public func logFile(for name: String) -> URL {
        logDirectory.appendingPathComponent("\(name).log")
    }

    /// Starts `spec` and returns once the program has been exec'd (an exec failure is
    /// thrown). The name must not be running; if an earlier start of it has ended, this is
    /// a restart and its log gets the marker line. Blocks the caller for the fork and exec.
    public func spawn(_ spec: ProcessSpec) throws -> SupervisedProcess {
        try lock.withLock {
            let earlier = current.firstIndex { $0.name == spec.name }
            if let earlier, current[earlier].isRunning { throw SupervisorError.nameInUse(spec.name) }
            let process = try start(spec, restarting: earlier != nil)
            if let earlier { current[earlier] = process } else { current.append(process) }
            return process
        }
    }

    /// Starts `process` again, from `newSpec` if given (same name required), appending to
    /// the same log after a marker line. Kills it (and its group) first if it is running.
    public func restart(_ process: SupervisedProcess, with newSpec: ProcessSpec? = nil) throws -> SupervisedProcess {
        let spec = newSpec ?? process.spec
        guard spec.name == process.name else { throw SupervisorError.renamedOnRestart(from: process.name, to: spec.name) }
        guard self.process(named: process.name) === process else {
            throw SupervisorError.notCurrent(name: process.name, pid: process.pid)
        }
        if process.isRunning {
            process.kill()
            guard process.waitForTerminationBlocking(timeout: .seconds(10)) != nil else {
                throw SupervisorError.didNotExit(name: process.name, pid: process.pid)
            }
        }
        return try lock.withLock {
            guard let index = current.firstIndex(where: { $0 === process }) else {
                throw SupervisorError.notCurrent(name: process.name, pid: process.pid)
            }
            let replacement = try start(spec, restarting: true)
            current[index] = replacement
            return replacement
        }
    }

    /// SIGTERM (and SIGCONT, for paused ones) to every running process's group; after
    /// `grace`, SIGKILL to the groups still there; returns once all are reaped (or, for one
    /// stuck in the kernel, 10 s after the SIGKILL).
    public func stopAll(grace: Duration = .seconds(5)) async {
        let running = processes.filter(\.isRunning)
        for process in running { process.requestStop() }
        let deadline = ContinuousClock.now + grace
        for process in running {
            _ = await process.waitForTermination(timeout: deadline - .now)
        }
        for process in running where process.isRunning { process.kill() }
        for process in running {
            _ = await process.waitForTermination(timeout: .seconds(10))
        }
    }

    /// `stopAll` for callers that cannot suspend (the termination handlers), over the
    /// processes of any number of supervisors at once.
    static func stopBlocking(_ processes: [SupervisedProcess], grace: Duration) {
        let running = processes.filter(\.isRunning)
        for process in running { process.requestStop() }
        let deadline = ContinuousClock.now + grace
        for process in running {
            _ = process.waitForTerminationBlocking(timeout: deadline - .now)
        }
        for process in running where process.isRunning { process.kill() }
        for process in running {
            _ = process.waitForTerminationBlocking(timeout: .seconds(10))
        }
    }

    /// SIGKILL to every group, without waiting.
    func killAll() {
        for process in processes { process.kill() }
    }

    /// Called with `lock` held.
    private func start(_ spec: ProcessSpec, restarting: Bool) throws -> SupervisedProcess {
        try ProcessLauncher.validate(spec)
        let log = logFile(for: spec.name)
        let fd = try ProcessLog.open(log, name: spec.name)
        defer { close(fd) }
        if restarting { ProcessLog.append(ProcessLog.restartMarker(), to: fd) }
        let offset = ProcessLog.end(of: fd)
        let pid = try ProcessLauncher.launch(spec, output: fd)
        let process = SupervisedProcess(spec: spec, pid: pid, logFile: log, logOffset: offset)
        Reaper.shared.watch(process)
        return process
    }
}
