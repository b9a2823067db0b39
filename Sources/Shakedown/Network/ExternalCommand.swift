import Foundation

/// A system tool run to completion (ip, iptables-restore, ss, tc): its exit status and
/// combined output. Tools in /usr/sbin are found even when that is not on the PATH.
struct ExternalCommand: Sendable {
    var arguments: [String]
    var input: String?

    init(_ arguments: [String], input: String? = nil) {
        self.arguments = arguments
        self.input = input
    }

    /// The full path of `tool`, or nil when it is not installed.
    static func locate(_ tool: String) -> String? {
        if tool.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: tool) ? tool : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        for directory in directories {
            let candidate = directory + "/" + tool
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs the command; the status and output, whatever the status.
    func run() async throws -> (status: Int32, output: String) {
        guard let tool = arguments.first, let path = Self.locate(tool) else {
            throw NetworkError.unsupported("\(arguments.first ?? "<nothing>") is not installed")
        }
        let arguments = self.arguments
        let input = self.input
        return try await withCheckedThrowingContinuation { continuation in
            // Reading the pipe to its end blocks; a thread of its own keeps that off the
            // cooperative pool.
            Thread.detachNewThread {
                do {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: path)
                    process.arguments = Array(arguments.dropFirst())
                    let output = Pipe()
                    process.standardOutput = output
                    process.standardError = output
                    // Input from a file, not a pipe: a tool that exits early cannot SIGPIPE us.
                    var inputFile: URL?
                    if let input {
                        let file = FileManager.default.temporaryDirectory
                            .appendingPathComponent("shakedown-input-\(UUID().uuidString)")
                        try Data(input.utf8).write(to: file)
                        inputFile = file
                        process.standardInput = try FileHandle(forReadingFrom: file)
                    } else {
                        process.standardInput = FileHandle.nullDevice
                    }
                    defer { if let inputFile { try? FileManager.default.removeItem(at: inputFile) } }
                    try process.run()
                    let data = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Runs the command; its output, or an error naming it when it fails.
    @discardableResult
    func check() async throws -> String {
        let (status, output) = try await run()
        guard status == 0 else { throw NetworkError.commandFailed(command: arguments, status: status, output: output) }
        return output
    }
}
