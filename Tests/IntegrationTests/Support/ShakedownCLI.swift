import Foundation

/// The `shakedown` executable this package builds, run as a user runs it.
enum ShakedownCLI {
    static var binary: URL { PackagePaths.root.appendingPathComponent(".build/debug/shakedown") }

    /// Runs `shakedown arguments` from the package root to completion. The wait happens on a
    /// Dispatch thread: a run takes minutes, and blocking one of the two threads of Swift's
    /// cooperative pool that long starves every async test running beside it.
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let process = try launch(arguments)
        return await OffPool.value {
            let data = (process.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }

    /// What `process` printed until a line containing `marker` (or its output ended, or
    /// `timeout` passed), read on a Dispatch thread for the same reason.
    static func output(of process: Process, until marker: String, timeout: TimeInterval) async -> String {
        let handle = (process.standardOutput as! Pipe).fileHandleForReading
        return await OffPool.value {
            var text = ""
            let deadline = Date().addingTimeInterval(timeout)
            while !text.contains(marker), Date() < deadline {
                let data = handle.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            return text
        }
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
}
