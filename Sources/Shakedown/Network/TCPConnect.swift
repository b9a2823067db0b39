import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Blocking TCP connects with a deadline, on a socket made here or elsewhere (a network
/// namespace's socket is made on a thread inside it; connecting it works from any thread).
enum TCPConnect {
    /// An IPv4 or IPv6 literal with a port.
    static func address(_ host: String, port: Int) throws -> SocketAddressStorage {
        var storage = SocketAddressStorage()
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_addr = v4
            a.sin_port = UInt16(port).bigEndian
            storage.set(a)
        } else if inet_pton(AF_INET6, host, &v6) == 1 {
            var a = sockaddr_in6()
            a.sin6_family = sa_family_t(AF_INET6)
            a.sin6_addr = v6
            a.sin6_port = UInt16(port).bigEndian
            storage.set(a)
        } else {
            throw NetworkError.invalid("\(host) is not an IP address")
        }
        return storage
    }

    /// A new stream socket of `family`.
    static func socket(family: Int32) throws -> CInt {
        let fd = Glibc.socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw NetworkError.connectFailed("socket(): \(String(cString: strerror(errno)))") }
        return fd
    }

    /// Binds `fd` to `source` (port 0).
    static func bind(_ fd: CInt, to source: String) throws {
        var local = try address(source, port: 0)
        let rc = local.withSockaddr { Glibc.bind(fd, $0, $1) }
        guard rc == 0 else { throw NetworkError.connectFailed("bind \(source): \(String(cString: strerror(errno)))") }
    }

    /// Connects `fd` to `host:port` within `timeout`, leaving it blocking and with
    /// TCP_NODELAY; closes it and throws on failure.
    static func connect(_ fd: CInt, host: String, port: Int, timeout: Duration) throws {
        do {
            var remote = try address(host, port: port)
            let flags = fcntl(fd, F_GETFL)
            _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
            var rc = remote.withSockaddr { Glibc.connect(fd, $0, $1) }
            if rc != 0 && errno == EINPROGRESS {
                var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let millis = Int32(clamping: max(1, timeout.nanoseconds / 1_000_000))
                guard poll(&poller, 1, millis) == 1 else {
                    throw NetworkError.connectFailed("connect to \(host):\(port): timed out after \(DurationText.format(timeout))")
                }
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
                errno = error
                rc = error == 0 ? 0 : -1
            }
            guard rc == 0 else {
                throw NetworkError.connectFailed("connect to \(host):\(port): \(String(cString: strerror(errno)))")
            }
            _ = fcntl(fd, F_SETFL, flags)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        } catch {
            close(fd)
            throw error
        }
    }

    /// The address family of an IP literal.
    static func family(of host: String) throws -> Int32 {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return AF_INET }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 { return AF_INET6 }
        throw NetworkError.invalid("\(host) is not an IP address")
    }
}

/// A sockaddr_in or sockaddr_in6, passed to bind/connect.
struct SocketAddressStorage {
    private var storage = sockaddr_storage()
    private var length = socklen_t(0)

    mutating func set<T>(_ address: T) {
        withUnsafeMutableBytes(of: &storage) { raw in
            withUnsafeBytes(of: address) { raw.copyMemory(from: $0) }
        }
        length = socklen_t(MemoryLayout<T>.size)
    }

    mutating func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        let length = length
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, length) }
        }
    }
}
