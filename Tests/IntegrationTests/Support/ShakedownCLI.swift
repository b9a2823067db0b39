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
}
