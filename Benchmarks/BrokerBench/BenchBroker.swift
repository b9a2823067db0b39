import Foundation
import NIOCore
import Shakedown

#if canImport(Glibc)
import Glibc
#endif

/// A broker process the benchmark started on free loopback ports; `stop()` ends it.
protocol BenchBroker: AnyObject {
    var name: String { get }
    var port: Int { get }
    func stop()
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
}

enum BenchSupport {
    /// A TCP port nobody listens on right now (bind to port 0 and ask).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw BenchFailure(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BenchFailure(description: "could not bind a free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits until a full AMQP handshake as guest succeeds (or `process` exits, or `timeout`).
    static func waitForAMQP(port: Int, process: Process, group: any EventLoopGroup, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        var last = "nothing tried"
        while ContinuousClock.now < deadline, process.isRunning {
            do {
                let connection = try await AMQPClientConnection.connect(host: "127.0.0.1", port: port, group: group, timeout: .seconds(5))
                await connection.close()
                return
            } catch {
                last = error.description
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchFailure(description: process.isRunning ? "no AMQP handshake on port \(port) in time (\(last))" : "the broker exited")
    }

    /// Output gathered from a child's pipe on another thread.
    final class Output: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()

        func attach(to process: Process) {
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            pipe.fileHandleForReading.readabilityHandler = { [self] handle in
                let more = handle.availableData
                lock.lock()
                data.append(more)
                lock.unlock()
            }
        }

        var text: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// SIGKILL to the process's group (Foundation starts children in a session of their own).
    static func kill(_ process: Process) {
        guard process.isRunning else { return }
        let pid = process.processIdentifier
        Glibc.kill(getpgid(pid) == pid ? -pid : pid, SIGKILL)
        process.waitUntilExit()
    }
}

/// Our broker: `.build/release/shakedown-broker` with a fresh data folder.
final class ShakedownBrokerProcess: BenchBroker {
    let name = "shakedown-broker"
    let port: Int
    private let process = Process()
    private let folder: URL
    private let output = BenchSupport.Output()

    init(binary: URL, extraArguments: [String], group: any EventLoopGroup) async throws {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw BenchFailure(description: "\(binary.path) is missing (swift build -c release --product shakedown-broker)")
        }
        port = try BenchSupport.freePort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("broker-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        process.executableURL = binary
        process.arguments = [
            "--port", String(port), "--management-port", String(try BenchSupport.freePort()), "--data-dir", folder.path,
        ] + extraArguments
        output.attach(to: process)
        try process.run()
        do {
            try await BenchSupport.waitForAMQP(port: port, process: process, group: group, timeout: .seconds(60))
        } catch {
            stop()
            throw BenchFailure(description: "shakedown-broker did not start: \(error)\n\(output.text.suffix(2000))")
        }
    }

    func stop() {
        BenchSupport.kill(process)
        try? FileManager.default.removeItem(at: folder)
    }
}
