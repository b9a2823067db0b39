import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The proxy backend's addresses: each node gets 127.0.0.N of its own (N from 2; Linux
/// routes all of 127/8 to the loopback interface, nothing to configure), the runner's
/// clients keep 127.0.0.1.
enum LoopbackAddresses {
    static let client = "127.0.0.1"
    static let first = 2
    static let last = 254

    static func node(_ index: Int) throws -> String {
        let n = first + index
        guard n <= last else { throw NetworkError.invalid("the proxy backend has room for \(last - first + 1) nodes") }
        return "127.0.0.\(n)"
    }

    /// Ports nobody listens on now at `address`, `count` of them, all different: each is
    /// bound to port 0 and held until all are found.
    static func freePorts(on address: String, count: Int) throws -> [Int] {
        var held: [CInt] = []
        defer { for fd in held { close(fd) } }
        var ports: [Int] = []
        for _ in 0..<count {
            let fd = try TCPConnect.socket(family: AF_INET)
            held.append(fd)
            try TCPConnect.bind(fd, to: address)
            var local = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &local) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            ports.append(Int(UInt16(bigEndian: local.sin_port)))
        }
        return ports
    }
}
