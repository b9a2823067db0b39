import Foundation
import Shakedown

#if canImport(Glibc)
import Glibc
#endif

/// The processes below a runner, for checking that none outlives it. A process is known by
/// its pid and start time, so a reused pid is not mistaken for a survivor; a zombie counts
/// as dead (whether PID 1 reaps orphans depends on the machine).
enum ProcessTree {
    /// Every process descending from `root` (not `root` itself), right now.
    static func descendants(of root: Int32) -> [ProcessStatus] {
        let all = ProcessStatus.all()
        let children = Dictionary(grouping: all, by: \.parent)
        var found: [ProcessStatus] = []
        var queue = [root]
        while let pid = queue.popLast() {
            for child in children[pid] ?? [] where child.isAlive {
                found.append(child)
                queue.append(child.pid)
            }
        }
        return found
    }

    static func isAlive(_ process: ProcessStatus) -> Bool {
        guard let now = ProcessStatus.read(process.pid) else { return false }
        return now.startTime == process.startTime && now.isAlive
    }

    /// Waits up to `timeout` for all of `processes` to end; returns those still alive.
    static func survivors(of processes: [ProcessStatus], within timeout: TimeInterval) -> [ProcessStatus] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let alive = processes.filter(isAlive)
            if alive.isEmpty || Date() >= deadline { return alive }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// SIGKILL to whichever of `processes` is still the same process, for a test's teardown.
    static func kill(_ processes: [ProcessStatus]) {
        for process in processes where isAlive(process) { _ = Glibc.kill(process.pid, SIGKILL) }
    }

    /// `pid (command line)` of each, for failure messages.
    static func describe(_ processes: [ProcessStatus]) -> String {
        processes.map { process in
            let raw = FileManager.default.contents(atPath: "/proc/\(process.pid)/cmdline") ?? Data()
            let command = String(decoding: raw.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return "\(process.pid) (\(command.trimmingCharacters(in: .whitespaces)))"
        }.joined(separator: ", ")
    }
}
