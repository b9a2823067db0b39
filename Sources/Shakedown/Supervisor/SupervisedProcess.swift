import CSystemShims
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One start of a process under a `Supervisor`: a restart is a new `SupervisedProcess` with
/// the same name and log file. The process leads its own process group (its pgid is its
/// pid), and `kill`, `pause` and `resume` act on the whole group, so that what the program
/// forked (a BGSAVE child) shares its fate.
///
/// No signal is ever sent to a reaped pid (it could belong to someone else by then):
/// signals and reaping take the same lock, and the group is killed and forgotten by the
/// watchdog before its leader is reaped.
public final class SupervisedProcess: @unchecked Sendable, CustomStringConvertible {
    public let name: String
    public let pid: Int32
    public let spec: ProcessSpec
    /// `<logDirectory>/<name>.log`, shared by every start of this name.
    public let logFile: URL
    /// When this start began (wall clock, for reports).
    public let startDate: Date
    /// Where this start's output begins in the log.
    let logOffset: UInt64
    let started: ContinuousClock.Instant

    private struct Waiter {
        let continuation: CheckedContinuation<ProcessTermination?, Never>
        var timer: Task<Void, Never>?
    }

    private let condition = NSCondition()
    private var ended: (termination: ProcessTermination, at: ContinuousClock.Instant)?
    private var waiters: [UInt64: Waiter] = [:]
    private var nextWaiter: UInt64 = 0

    init(spec: ProcessSpec, pid: Int32, logFile: URL, logOffset: UInt64) {
        self.name = spec.name
        self.pid = pid
        self.spec = spec
        self.logFile = logFile
        self.logOffset = logOffset
        self.startDate = Date()
        self.started = .now
    }

    public var description: String { "\(name) (pid \(pid))" }

    /// Until it has exited and been reaped (a stopped process is running).
    public var isRunning: Bool { condition.withLock { ended == nil } }

    /// How it ended, once it has.
    public var termination: ProcessTermination? { condition.withLock { ended?.termination } }

    /// How long it ran, once it has ended.
    public var lifetime: Duration? { condition.withLock { ended.map { $0.at - started } } }

    // MARK: signals

    /// SIGKILL to the whole group.
    public func kill() { signalGroup(SIGKILL) }

    /// SIGSTOP to the whole group: frozen, sockets open, until `resume`.
    public func pause() { signalGroup(SIGSTOP) }

    /// SIGCONT to the whole group.
    public func resume() { signalGroup(SIGCONT) }

    /// Sends `signal` to the process only (not its group); nothing once it has ended.
    public func signal(_ signal: Int32) {
        condition.withLock { if ended == nil { _ = Glibc.kill(pid, signal) } }
    }

    /// Sends `signal` to every process of the group; nothing once the leader has ended.
    public func signalGroup(_ signal: Int32) {
        condition.withLock { if ended == nil { _ = Glibc.kill(-pid, signal) } }
    }

    /// SIGTERM to the group, and SIGCONT so that a paused group can act on it.
    func requestStop() {
        condition.withLock {
            guard ended == nil else { return }
            _ = Glibc.kill(-pid, SIGTERM)
            _ = Glibc.kill(-pid, SIGCONT)
        }
    }

    // MARK: waiting

    /// The exit status (128 + signal when a signal ended it, as a shell's `$?`), or nil if it
    /// is still running after `timeout`. Returns at once when the task is cancelled.
    public func waitForExit(timeout: Duration) async -> Int32? {
        await waitForTermination(timeout: timeout)?.status
    }

    /// How it ended, or nil if it is still running after `timeout` (or the task is cancelled).
    public func waitForTermination(timeout: Duration) async -> ProcessTermination? {
        if let termination { return termination }
        guard timeout > .zero else { return nil }
        let id = condition.withLock {
            nextWaiter += 1
            return nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                condition.lock()
                if let ended {
                    condition.unlock()
                    continuation.resume(returning: ended.termination)
                    return
                }
                if Task.isCancelled {
                    condition.unlock()
                    continuation.resume(returning: nil)
                    return
                }
                waiters[id] = Waiter(continuation: continuation, timer: nil)
                condition.unlock()
                let timer = Task { [weak self] in
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    self?.finishWaiter(id)
                }
                let registered = condition.withLock {
                    waiters[id]?.timer = timer
                    return waiters[id] != nil
                }
                if !registered { timer.cancel() }
            }
        } onCancel: {
            finishWaiter(id)
        }
    }

    /// For callers that may not suspend (restart, the signal handlers): blocks the thread.
    func waitForTerminationBlocking(timeout: Duration) -> ProcessTermination? {
        let deadline = Date().addingTimeInterval(timeout.seconds)
        condition.lock()
        defer { condition.unlock() }
        while ended == nil {
            if !condition.wait(until: deadline) { break }
        }
        return ended?.termination
    }

    /// Resumes a waiter with nil (its time is up, or its task was cancelled).
    private func finishWaiter(_ id: UInt64) {
        let waiter = condition.withLock { waiters.removeValue(forKey: id) }
        waiter?.continuation.resume(returning: nil)
    }

    // MARK: reaping

    /// Called by the reaper: if the process has exited, kills what is left of its group,
    /// tells the watchdog to forget the group, reaps it and wakes the waiters. True once it
    /// has ended.
    func reapIfExited() -> Bool {
        condition.lock()
        if ended != nil {
            condition.unlock()
            return true
        }
        let termination: ProcessTermination
        switch shakedown_child_has_exited(pid) {
        case 0:
            condition.unlock()
            return false
        case 1:
            // The zombie leader still holds the group id, so no other group can have it yet.
            // Leftovers (a BGSAVE child still writing a dump) must not outlive their node.
            _ = Glibc.kill(-pid, SIGKILL)
            GroupWatchdog.shared.forget(pid)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            termination = ProcessTermination(waitStatus: status)
        default:
            GroupWatchdog.shared.forget(pid)
            termination = .unknown
        }
        ended = (termination, .now)
        let woken = waiters
        waiters = [:]
        condition.broadcast()
        condition.unlock()
        for waiter in woken.values {
            waiter.timer?.cancel()
            waiter.continuation.resume(returning: termination)
        }
        return true
    }

    // MARK: log

    /// Everything this start has written so far (its part of the log; the last MiB at most).
    public func output() -> String {
        String(decoding: ProcessLog.read(logFile, from: logOffset), as: UTF8.self)
    }

    /// The last `count` lines this start has written.
    public func outputTail(lines count: Int = 10) -> [String] {
        ProcessLog.tail(logFile, from: logOffset, lines: count)
    }
}
