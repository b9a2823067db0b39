#if canImport(Glibc)
import Glibc
#endif

/// Background saves run in a forked child, as Redis does: the child sees a copy-on-write
/// snapshot of memory at the instant of the fork, so the parent keeps serving writes
/// without any locking or copying of the dataset. The child only serialises and exits; it
/// never touches the event loop.
enum ChildProcess {
    /// Forks; the child runs `body` and exits 0 on success, 1 on failure. Returns the
    /// child's pid in the parent, nil if fork failed.
    static func spawn(_ body: () -> Bool) -> pid_t? {
        let pid = fork()
        if pid == 0 {
            let ok = body()
            _exit(ok ? 0 : 1)
        }
        return pid > 0 ? pid : nil
    }

    enum Outcome {
        case running
        case exited(code: Int32)
        case signalled(Int32)
    }

    /// Non-blocking check on a child.
    static func poll(_ pid: pid_t) -> Outcome {
        var status: Int32 = 0
        let r = waitpid(pid, &status, WNOHANG)
        if r == 0 { return .running }
        if r < 0 { return .exited(code: 1) }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out (they are C macros).
        if status & 0x7f == 0 { return .exited(code: (status >> 8) & 0xff) }
        return .signalled(status & 0x7f)
    }

    static func kill(_ pid: pid_t) {
        Glibc.kill(pid, SIGUSR1)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }
}
