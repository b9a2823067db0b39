import Foundation
import NIOCore
import RESP

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reference Redis 7.0 tools (`redis-server`, `redis-check-rdb`), found on PATH
/// (`make` installs them), run on free ports and always stopped.
enum ReferenceTools {
    struct Missing: Error, CustomStringConvertible {
        var tool: String
        var description: String { "\(tool) not found on PATH: install Redis 7.0 (make installs it) to run the interop tests" }
    }

    static func path(of tool: String) throws -> String {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        for dir in dirs {
            let candidate = "\(dir)/\(tool)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw Missing(tool: tool)
    }

    /// Runs a tool to completion: exit status and combined output.
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try path(of: tool))
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// A port nothing listens on right now (the kernel's pick for an ephemeral bind).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ConnectionError("socket() failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Bool in
                bind(fd, p, len) == 0 && getsockname(fd, p, &len) == 0
            }
        }
        guard bound else { throw ConnectionError("bind() failed") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// A fresh temporary directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("shakedown-rdb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

struct ConnectionError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A redis-server process on a free port, with DEBUG enabled, persistence off, and its
/// data directory given. Stop it with `stop()` (tests do so in a `defer`).
final class ReferenceRedis {
    let port: Int
    let directory: URL
    private let process: Process

    init(directory: URL, dbfilename: String = "dump.rdb", extraArguments: [String] = []) throws {
        port = try ReferenceTools.freePort()
        self.directory = directory
        process = Process()
        process.executableURL = URL(fileURLWithPath: try ReferenceTools.path(of: "redis-server"))
        process.arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
            "--dir", directory.path, "--dbfilename", dbfilename, "--enable-debug-command", "yes",
            "--daemonize", "no", "--logfile", directory.appendingPathComponent("redis-\(port).log").path,
        ] + extraArguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        do {
            try waitUntilReady()
        } catch {
            stop()
            throw error
        }
    }

    private func waitUntilReady() throws {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            guard process.isRunning else { throw ConnectionError("redis-server exited at start-up: \(log)") }
            if let c = try? RedisConnection(port: port), (try? c.command("PING")) == .simpleString("PONG") { return }
            usleep(50_000)
        }
        throw ConnectionError("redis-server on port \(port) not ready after 15 s: \(log)")
    }

    var log: String {
        let url = directory.appendingPathComponent("redis-\(port).log")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }

    func connect() throws -> RedisConnection { try RedisConnection(port: port) }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// A blocking RESP2 connection for tests: one command, one reply.
final class RedisConnection {
    private let fd: Int32
    private var buffer = ByteBuffer()
    private let parser = RESPValueParser()

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ConnectionError("socket() failed") }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard ok else {
            close(fd)
            throw ConnectionError("cannot connect to 127.0.0.1:\(port)")
        }
    }

    deinit { close(fd) }

    @discardableResult
    func command(_ args: String...) throws -> RESPValue {
        try command(args.map { Array($0.utf8) })
    }

    @discardableResult
    func command(_ args: [[UInt8]]) throws -> RESPValue {
        var out = ByteBuffer()
        out.writeRESPCommand(args)
        let bytes = Array(out.readableBytesView)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw ConnectionError("send failed") }
            sent += n
        }
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let value = try parser.parse(&buffer) { return value }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw ConnectionError("connection closed or timed out waiting for a reply") }
            buffer.writeBytes(chunk[0..<n])
        }
    }
}
