import CSystemShims
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Work done from inside a named network namespace (`ip netns`) without moving the runner:
/// only the thread that enters one is in it. Sockets made there belong to the namespace for
/// their whole life, whichever thread uses them later.
enum NetworkNamespace {
    /// Moves the calling thread into `namespace`.
    static func enter(_ namespace: String) -> Result<Void, NetworkError> {
        let path = "/run/netns/\(namespace)"
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(.unsupported("cannot open \(path): \(String(cString: strerror(errno)))")) }
        defer { close(fd) }
        guard shakedown_enter_network_namespace(fd) == 0 else {
            return .failure(.unsupported("setns \(path): \(String(cString: strerror(errno)))"))
        }
        return .success(())
    }

    /// `body` on a new thread inside `namespace`; the thread ends with it.
    static func run<T: Sendable>(in namespace: String, _ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: enter(namespace).mapError { $0 as any Error }.flatMap { Result { try body() } })
            }
            thread.name = "netns \(namespace)"
            thread.start()
        }
    }
}
