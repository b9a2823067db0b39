import CSystemShims
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The runner's side of the group watchdog (`shakedown_start_group_watchdog`): a forked
/// helper that SIGKILLs every process group it was told about as soon as the runner is
/// gone, however it went (exit, crash, SIGKILL). PR_SET_PDEATHSIG kills each supervised
/// program, but not what the program forked (a BGSAVE child, a shell's background job);
/// the watchdog kills those through their group. One per runner, started on first use.
final class GroupWatchdog: @unchecked Sendable {
    static let shared = GroupWatchdog()

    private let lock = NSLock()
    private var channel: Int32 = -1
    private var pid: pid_t = 0
    private var groups: Set<pid_t> = []

    /// Watches `group` from now on; starts the watchdog (again, if it died) when needed.
    func watch(_ group: pid_t) throws {
        try lock.withLock {
            groups.insert(group)
            if channel >= 0 {
                let error = shakedown_watchdog_send(channel, group)
                if error == 0 { return }
                // Only a dead watchdog is replaced: closing the channel of a live one
                // would make it kill every group.
                guard error == EPIPE || error == ECONNRESET || error == ENOTCONN else {
                    groups.remove(group)
                    throw Failure(reason: String(cString: strerror(error)))
                }
                close(channel)
                channel = -1
                var status: Int32 = 0
                waitpid(pid, &status, 0)
            }
            try start()
        }
    }

    /// Stops watching a group whose processes are all dead (before its leader is reaped, so
    /// that its id cannot be reused in between).
    func forget(_ group: pid_t) {
        lock.withLock {
            guard groups.remove(group) != nil, channel >= 0 else { return }
            _ = shakedown_watchdog_send(channel, -group)
        }
    }

    private func start() throws {
        var end: Int32 = -1
        let started = shakedown_start_group_watchdog(&end)
        guard started > 0 else { throw Failure(reason: String(cString: strerror(errno))) }
        channel = end
        pid = started
        for group in groups {
            let error = shakedown_watchdog_send(channel, group)
            if error != 0 { throw Failure(reason: String(cString: strerror(error))) }
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let reason: String
        var description: String { "the group watchdog is unavailable: \(reason)" }
    }
}
