import Foundation

/// The `shakedown` executable this package builds, run as a user runs it.
enum ShakedownCLI {
    static var binary: URL { PackagePaths.root.appendingPathComponent(".build/debug/shakedown") }

    /// Runs `shakedown arguments` from the package root to completion.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = try launch(arguments)
        let data = (process.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Starts `shakedown arguments` with stdout and stderr on one pipe.
    static func launch(_ arguments: [String]) throws -> Process {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw ServerProcess.Failure(description: "\(binary.path) is missing: run `swift build` first")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = PackagePaths.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return process
    }

    /// Every live descendant of `pid` (children, grandchildren...), from /proc.
    static func descendants(of pid: Int32) -> Set<Int32> {
        var parents: [Int32: Int32] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let child = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            if fields.count > 1, let parent = Int32(fields[1]) { parents[child] = parent }
        }
        var found: Set<Int32> = []
        var frontier = [pid]
        while let next = frontier.popLast() {
            for (child, parent) in parents where parent == next && !found.contains(child) {
                found.insert(child)
                frontier.append(child)
            }
        }
        return found
    }

    /// Whether `pid` still exists as a process that is not a zombie.
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return false }
        return !stat[stat.index(close, offsetBy: 2)...].hasPrefix("Z")
    }
}
