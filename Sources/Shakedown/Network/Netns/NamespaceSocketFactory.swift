import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Makes sockets inside a network namespace without moving the runner there: a dedicated
/// thread enters the namespace (setns) and creates sockets on request. A socket belongs to
/// the namespace it was created in for its whole life, so it can be connected and used from
/// any thread, NIO's included, while the runner's other threads stay in the root namespace.
final class NamespaceSocketFactory: @unchecked Sendable {
    private enum Request {
        case socket(family: Int32)
        case stop
    }

    private let condition = NSCondition()
    private var requests: [Request] = []
    private var replies: [Result<CInt, NetworkError>] = []
    private var started: Result<Void, NetworkError>?
    private var stopped = false
    /// One request at a time: a reply matches the request before it.
    private let serial = NSLock()

    /// Starts the thread and waits until it is inside `namespace` (a name from `ip netns`).
    init(namespace: String) throws {
        let thread = Thread { [self] in run(namespace: namespace) }
        thread.name = "netns \(namespace)"
        thread.start()
        condition.lock()
        while started == nil { condition.wait() }
        let outcome = started!
        condition.unlock()
        if case .failure(let error) = outcome { throw error }
    }

    /// A new stream socket of `family` in the namespace.
    func socket(family: Int32) throws -> CInt {
        try send(.socket(family: family)).get()
    }

    /// Ends the thread.
    func stop() {
        serial.lock()
        defer { serial.unlock() }
        condition.lock()
        guard !stopped else { return condition.unlock() }
        stopped = true
        requests.append(.stop)
        condition.broadcast()
        condition.unlock()
    }

    private func send(_ request: Request) -> Result<CInt, NetworkError> {
        serial.lock()
        defer { serial.unlock() }
        condition.lock()
        defer { condition.unlock() }
        guard !stopped else { return .failure(.wrongState("the client namespace is gone")) }
        requests.append(request)
        condition.broadcast()
        while replies.isEmpty { condition.wait() }
        return replies.removeFirst()
    }

    private func run(namespace: String) {
        let entered = NetworkNamespace.enter(namespace)
        condition.lock()
        started = entered
        condition.broadcast()
        condition.unlock()
        guard case .success = entered else { return }
        while true {
            condition.lock()
            while requests.isEmpty { condition.wait() }
            let request = requests.removeFirst()
            condition.unlock()
            switch request {
            case .stop:
                return
            case .socket(let family):
                let reply = Result { try TCPConnect.socket(family: family) }.mapError {
                    $0 as? NetworkError ?? .connectFailed("\($0)")
                }
                condition.lock()
                replies.append(reply)
                condition.broadcast()
                condition.unlock()
            }
        }
    }
}

/// The runner's clients on the netns network: sockets made inside the client namespace.
struct NamespaceConnector: NetworkConnector {
    let factory: NamespaceSocketFactory

    func connectedSocket(host: String, port: Int, timeout: Duration) throws -> CInt {
        let fd = try factory.socket(family: try TCPConnect.family(of: host))
        try TCPConnect.connect(fd, host: host, port: port, timeout: timeout)
        return fd
    }
}
