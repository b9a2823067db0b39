import Foundation

/// A process as Linux's `/proc/<pid>/stat` shows it: enough to check that a pause took
/// effect (state `T`), which group a process is in, and whether a pid still names the same
/// process (its start time).
public struct ProcessStatus: Sendable, Hashable {
    public let pid: Int32
    /// The executable's name as the kernel keeps it (15 bytes at most).
    public let command: String
    public let parent: Int32
    public let group: Int32
    /// `R` running, `S` sleeping, `D` disk wait, `T` stopped, `Z` zombie, ...
    public let state: Character
    /// Clock ticks after boot; with the pid, identifies a process across pid reuse.
    public let startTime: UInt64

    /// Running, sleeping or stopped: not a zombie waiting to be reaped, not gone.
    public var isAlive: Bool { state != "Z" && state != "X" }

    /// Nil when there is no such process (or no /proc).
    public static func read(_ pid: Int32) -> ProcessStatus? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/stat") else { return nil }
        return parse(String(decoding: data, as: UTF8.self))
    }

    /// Every process visible in /proc.
    public static func all() -> [ProcessStatus] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { Int32($0) }.compactMap(read)
    }

    /// `pid (comm) state ppid pgrp ... starttime(22nd) ...`; comm may hold spaces and parentheses,
    /// so the fields are counted from the last `)`.
    static func parse(_ line: String) -> ProcessStatus? {
        guard let open = line.firstIndex(of: "("), let close = line.lastIndex(of: ")"),
            let pid = Int32(line[..<open].trimmingCharacters(in: .whitespaces))
        else { return nil }
        let fields = line[line.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let parent = Int32(fields[1]), let group = Int32(fields[2]),
            let start = UInt64(fields[19])
        else { return nil }
        let command = String(line[line.index(after: open)..<close])
        return ProcessStatus(pid: pid, command: command, parent: parent, group: group, state: state, startTime: start)
    }
}
