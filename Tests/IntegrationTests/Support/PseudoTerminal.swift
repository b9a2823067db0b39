import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs an interactive program on a pseudo-terminal, so that it behaves as it does for a
/// person at a terminal (redis-cli shows its hints only then).
final class PseudoTerminal {
    private let master: Int32
    private let process: Process
    private var output: [UInt8] = []

    init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws {
        master = PTYCalls.openpt(O_RDWR | O_NOCTTY)
        guard master >= 0, PTYCalls.grantpt(master) == 0, PTYCalls.unlockpt(master) == 0,
            let name = PTYCalls.ptsname(master)
        else {
            throw ServerProcess.Failure(description: "no pseudo-terminal available")
        }
        // O_NOCTTY: the terminal must not become the test runner's controlling terminal.
        let slaveFD = open(name, O_RDWR | O_NOCTTY)
        guard slaveFD >= 0 else { throw ServerProcess.Failure(description: "cannot open \(String(cString: name))") }
        let slave = FileHandle(fileDescriptor: slaveFD, closeOnDealloc: true)
        process = Process()
        // A terminal of zero width makes linenoise ask the cursor position and wait for an
        // answer; give it a size first.
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "stty cols 250 rows 50 && exec \"$0\" \"$@\"", executable.path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = slave
        process.standardOutput = slave
        process.standardError = slave
        try process.run()
        try slave.close()
    }

    /// Sends keystrokes.
    func type(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Everything the program wrote so far, once `done` holds for it (or `timeout` passes)
    /// and the program has been quiet for a moment.
    func read(timeout: TimeInterval = 10, until done: (String) -> Bool) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var satisfied = false
        while Date() < deadline {
            var poller = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let quietMilliseconds: Int32 = satisfied ? 100 : 50
            if poll(&poller, 1, quietMilliseconds) > 0 {
                var chunk = [UInt8](repeating: 0, count: 65536)
                let n = chunk.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                output += chunk[0..<n]
            } else if satisfied {
                break
            }
            satisfied = done(text)
        }
        return text
    }

    var text: String { String(decoding: output, as: UTF8.self) }

    private var closed = false

    func close() {
        guard !closed else { return }
        closed = true
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        Glibc.close(master)
    }

    deinit { close() }
}

/// The POSIX pseudo-terminal calls. Glibc declares them only for X/Open sources, which the
/// Swift Glibc module is not, so they are looked up in the C library at run time.
private enum PTYCalls {
    typealias IntCall = @convention(c) (Int32) -> Int32
    typealias NameCall = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    static func symbol<T>(_ name: String, as type: T.Type) -> T {
        guard let libc = dlopen(nil, RTLD_NOW), let pointer = dlsym(libc, name) else {
            preconditionFailure("the C library has no \(name)")
        }
        return unsafeBitCast(pointer, to: type)
    }

    static let openpt = symbol("posix_openpt", as: IntCall.self)
    static let grantpt = symbol("grantpt", as: IntCall.self)
    static let unlockpt = symbol("unlockpt", as: IntCall.self)
    static let ptsname = symbol("ptsname", as: NameCall.self)
}
