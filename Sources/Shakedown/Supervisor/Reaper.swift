import CSystemShims
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Collects the exit statuses of supervised processes, and only theirs: a `waitpid` per
/// known pid, never `waitpid(-1)`, which would steal the statuses of children other code
/// in the runner waits for (Foundation's `Process`, tests). One thread sleeps in `poll` on
/// a pidfd per process (readable once the process has exited) and on a pipe that wakes it
/// for new processes; without pidfds it polls every 20 ms.
final class Reaper: @unchecked Sendable {
    static let shared = Reaper()

    private struct Entry {
        let process: SupervisedProcess
        let pidfd: Int32
    }

    private let lock = NSLock()
    private var entries: [pid_t: Entry] = [:]
    private let wakeRead: Int32
    private let wakeWrite: Int32

    private init() {
        var ends: [Int32] = [-1, -1]
        if shakedown_pipe_cloexec_nonblock(&ends) != 0 { ends = [-1, -1] }
        wakeRead = ends[0]
        wakeWrite = ends[1]
        let thread = Thread { [self] in serve() }
        thread.name = "shakedown-reaper"
        thread.start()
    }

    func watch(_ process: SupervisedProcess) {
        let pidfd = shakedown_pidfd_open(process.pid)
        lock.withLock { entries[process.pid] = Entry(process: process, pidfd: pidfd) }
        var byte: UInt8 = 1
        if wakeWrite >= 0 { _ = write(wakeWrite, &byte, 1) }
    }

    private func serve() -> Never {
        while true {
            let watched = lock.withLock { Array(entries.values) }
            var fds = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            fds += watched.filter { $0.pidfd >= 0 }.map { pollfd(fd: $0.pidfd, events: Int16(POLLIN), revents: 0) }
            let everyoneHasPidfd = wakeRead >= 0 && watched.allSatisfy { $0.pidfd >= 0 }
            // The one-second wake-up is a safety net; pidfds make exits prompt.
            _ = poll(&fds, nfds_t(fds.count), everyoneHasPidfd ? 1000 : 20)
            var drain = [UInt8](repeating: 0, count: 64)
            while wakeRead >= 0, read(wakeRead, &drain, drain.count) > 0 {}
            for entry in watched where entry.process.reapIfExited() {
                lock.withLock { entries[entry.process.pid] = nil }
                if entry.pidfd >= 0 { close(entry.pidfd) }
            }
        }
    }
}
