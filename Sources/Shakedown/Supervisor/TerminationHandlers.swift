import CSystemShims
import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

extension Supervisor {
    /// On SIGINT, SIGTERM or SIGHUP to the runner: stops every supervisor's processes
    /// (SIGTERM, up to `grace`, then SIGKILL; a second signal meanwhile SIGKILLs at once),
    /// then ends the runner by that same signal, so its parent sees how it ended. The CLI
    /// calls this once at start; later calls do nothing. SIGKILL and crashes need no
    /// handler: the kernel and the group watchdog take care of those.
    public static func installTerminationHandlers(grace: Duration = .seconds(2)) throws {
        try TerminationSignals.install(grace: grace)
    }

    /// Runs `cleanup` when a termination signal tears the runner down, after its processes
    /// have stopped: for what is not a process, such as network namespaces. It runs on the
    /// teardown thread and may block.
    public static func addTerminationCleanup(_ cleanup: @escaping @Sendable () -> Void) {
        TerminationSignals.cleanups.withLockedValue { $0.append(cleanup) }
    }
}

/// The signal handler (in C) only writes the signal number to a pipe; a thread reads it
/// and does the teardown, where locks and allocation are allowed.
enum TerminationSignals {
    struct Failure: Error, CustomStringConvertible {
        let reason: String
        var description: String { "cannot install the termination handlers: \(reason)" }
    }

    private static let installed = NIOLockedValueBox(false)
    static let cleanups = NIOLockedValueBox<[@Sendable () -> Void]>([])

    static func install(grace: Duration) throws {
        try installed.withLockedValue { done in
            guard !done else { return }
            var ends: [Int32] = [-1, -1]
            guard shakedown_pipe_cloexec_nonblock(&ends) == 0 else {
                throw Failure(reason: String(cString: strerror(errno)))
            }
            let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
            guard shakedown_forward_signals(ends[1], signals, Int32(signals.count)) == 0 else {
                throw Failure(reason: String(cString: strerror(errno)))
            }
            let readEnd = ends[0]
            let thread = Thread { listen(readEnd, grace: grace) }
            thread.name = "shakedown-signals"
            thread.start()
            done = true
        }
    }

    private static func listen(_ fd: Int32, grace: Duration) -> Never {
        var tearingDown = false
        while true {
            var wait = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&wait, 1, -1)
            var byte: UInt8 = 0
            guard read(fd, &byte, 1) == 1 else { continue }
            let signal = Int32(byte)
            if tearingDown {
                // Impatience: no more grace.
                for supervisor in LiveSupervisors.supervisors { supervisor.killAll() }
                shakedown_die_by_signal(signal)
            }
            tearingDown = true
            let teardown = Thread {
                Supervisor.stopBlocking(LiveSupervisors.supervisors.flatMap(\.processes), grace: grace)
                for cleanup in cleanups.withLockedValue({ $0 }) { cleanup() }
                shakedown_die_by_signal(signal)
            }
            teardown.name = "shakedown-teardown"
            teardown.start()
        }
    }
}
