import Foundation
import NIOCore
import NIOPosix

/// A real `redis-server` on a free loopback port, without persistence; stopped by `stop()` or
/// when the value goes away.
final class RedisServerProcess {
    let port: Int
    private let process = Process()
    private let directory: URL

    /// `cluster`: cluster mode, its bus on port + 10000.
    init(cluster: Bool = false) throws {
        port = try FreePort.find(alsoFree: cluster ? 10000 : nil)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("replay-redis-\(port)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        var arguments = ["--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory.path]
        if cluster { arguments += ["--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000"] }
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if (try? cli("PING")) == "PONG" { return }
            Thread.sleep(forTimeInterval: 0.025)
        }
        stop()
        throw RedisProcessError(message: "redis-server on port \(port) did not answer PING")
    }

    deinit { stop() }

    func stop() {
        if process.isRunning {
            // SIGKILL: a child spawned from the test runner may inherit a mask that blocks SIGTERM.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// One command through `redis-cli`, its output trimmed.
    @discardableResult
    func cli(_ arguments: String...) throws -> String {
        try Self.cli(port: port, arguments)
    }

    static func cli(port: Int, _ arguments: [String]) throws -> String {
        let cli = Process()
        cli.executableURL = URL(fileURLWithPath: "/usr/bin/redis-cli")
        cli.arguments = ["-p", "\(port)"] + arguments
        let pipe = Pipe()
        cli.standardOutput = pipe
        cli.standardError = FileHandle.nullDevice
        try cli.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        cli.waitUntilExit()
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

struct RedisProcessError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

enum FreePort {
    /// A loopback port nothing listens on (and, with `alsoFree`, port + offset too).
    static func find(alsoFree offset: Int? = nil) throws -> Int {
        for _ in 0..<50 {
            let port = try bindAndRelease(0)
            guard let offset else { return port }
            if port + offset <= 65535, (try? bindAndRelease(port + offset)) != nil { return port }
        }
        throw RedisProcessError(message: "no free port pair found")
    }

    private static func bindAndRelease(_ port: Int) throws -> Int {
        let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: port).wait()
        let bound = channel.localAddress?.port ?? 0
        try channel.close().wait()
        return bound
    }
}
