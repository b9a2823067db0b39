import Foundation
import Shakedown

#if canImport(Glibc)
import Glibc
#endif

/// A supervisor over a fresh log directory; every process is stopped and the directory
/// removed after `body`, whether it returns or throws.
@discardableResult
func withSupervisor<R>(_ body: (Supervisor, URL) async throws -> R) async throws -> R {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("supervisor-\(UUID().uuidString)")
    let supervisor = Supervisor(logDirectory: directory)
    defer { try? FileManager.default.removeItem(at: directory) }
    do {
        let result = try await body(supervisor, directory)
        await supervisor.stopAll(grace: .zero)
        return result
    } catch {
        await supervisor.stopAll(grace: .zero)
        throw error
    }
}

/// `/bin/sh -c script`.
func shell(_ name: String, _ script: String) -> ProcessSpec {
    ProcessSpec(name: name, executable: URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", script])
}

func sleeper(_ name: String) -> ProcessSpec {
    ProcessSpec(name: name, executable: URL(fileURLWithPath: "/bin/sleep"), arguments: ["300"])
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes.
func eventually(_ timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

/// The pid a script printed as `<label> <pid>` in its log.
func printedPid(_ process: SupervisedProcess, _ label: String) -> Int32? {
    process.output().split(separator: "\n").first { $0.hasPrefix(label + " ") }.flatMap { Int32($0.split(separator: " ")[1]) }
}

/// A TCP port on 127.0.0.1 that is bound but refuses connections until `listen()`.
final class ReservedPort {
    let port: Int
    private let fd: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                bind(fd, raw, length) == 0 && getsockname(fd, raw, &length) == 0
            }
        }
        guard fd >= 0, bound else {
            close(fd)
            throw POSIXError(.EADDRNOTAVAIL)
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func listen() { _ = Glibc.listen(fd, 16) }

    deinit { close(fd) }
}
