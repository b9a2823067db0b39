import CSystemShims
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Memory and CPU figures of this process, for INFO memory and INFO cpu.
enum ProcessMetrics {
    /// Bytes handed out by malloc (`mallinfo2`: in-use arena bytes plus mmapped chunks).
    static func allocatedBytes() -> Int {
        Int(shakedown_malloc_used())
    }

    /// Resident set size from /proc/self/statm.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    static func totalSystemMemory() -> Int {
        Int(sysconf(Int32(_SC_PHYS_PAGES))) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// RUSAGE_THREAD, which glibc hides behind _GNU_SOURCE (Linux only; elsewhere the
    /// whole process stands in for its thread).
    #if os(Linux)
    static let currentThread: Int32 = 1
    #else
    static let currentThread: Int32 = RUSAGE_SELF
    #endif

    /// (system, user) seconds for `who` (RUSAGE_SELF, RUSAGE_CHILDREN or `currentThread`).
    static func cpuSeconds(_ who: Int32) -> (system: Double, user: Double) {
        var usage = rusage()
        getrusage(__rusage_who_t(who), &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        return (seconds(usage.ru_stime), seconds(usage.ru_utime))
    }

    /// Redis's `bytesToHuman`: B, K, M, G ... with two decimals.
    static func human(_ n: Int) -> String {
        let d = Double(n)
        if n < 1024 { return "\(n)B" }
        if d < 1024 * 1024 { return String(format: "%.2fK", d / 1024) }
        if d < 1024 * 1024 * 1024 { return String(format: "%.2fM", d / (1024 * 1024)) }
        if d < 1024 * 1024 * 1024 * 1024 { return String(format: "%.2fG", d / (1024 * 1024 * 1024)) }
        return String(format: "%.2fT", d / (1024 * 1024 * 1024 * 1024))
    }

    static func osDescription() -> String {
        var u = utsname()
        uname(&u)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
        }
        return "\(field(u.sysname)) \(field(u.release)) \(field(u.machine))"
    }
}
