import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Plain blocking IPv4 TCP for tests that play a peer or watch bytes cross a link: a
/// listener that says who connected, and connections that may bind their source address.
final class TCPStream {
    let fd: Int32
    /// The other end, as "a.b.c.d".
    let peerHost: String

    /// Takes over a connected socket (closed with this value).
    init(fd: Int32, peerHost: String) {
        self.fd = fd
        self.peerHost = peerHost
    }

    /// Connects to `host:port`, from `source` (port 0) when given.
    static func connect(host: String, port: Int, source: String? = nil) throws -> TCPStream {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerProcess.Failure(description: "socket() failed") }
        if let source {
            var local = IPv4.address(source, port: 0)
            guard IPv4.withSockaddr(&local, { bind(fd, $0, $1) }) == 0 else {
                close(fd)
                throw ServerProcess.Failure(description: "cannot bind \(source): \(String(cString: strerror(errno)))")
            }
        }
        var remote = IPv4.address(host, port: port)
        guard IPv4.withSockaddr(&remote, { Glibc.connect(fd, $0, $1) }) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ServerProcess.Failure(description: "cannot connect to \(host):\(port): \(reason)")
        }
        return TCPStream(fd: fd, peerHost: host)
    }

    func write(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Up to `count` bytes that arrive within `timeout`: empty when none did, nil when the
    /// connection was closed or reset.
    func read(upTo count: Int = 65536, timeout: TimeInterval) -> [UInt8]? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) > 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        return n > 0 ? Array(buffer[0..<n]) : nil
    }

    /// Reads until `expected` has arrived in full or `timeout` passes; what came.
    func read(exactly expected: Int, timeout: TimeInterval) -> [UInt8] {
        var got: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while got.count < expected {
            let left = deadline.timeIntervalSinceNow
            guard left > 0, let chunk = read(upTo: expected - got.count, timeout: left), !chunk.isEmpty else { break }
            got += chunk
        }
        return got
    }

    deinit { close(fd) }
}

/// A listening IPv4 socket on a free port.
final class TCPListener {
    let fd: Int32
    let host: String
    let port: Int

    init(host: String = "127.0.0.1") throws {
        self.host = host
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerProcess.Failure(description: "socket() failed") }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = IPv4.address(host, port: 0)
        guard IPv4.withSockaddr(&address, { bind(fd, $0, $1) }) == 0, listen(fd, 16) == 0 else {
            close(fd)
            throw ServerProcess.Failure(description: "cannot listen on \(host)")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// The next connection within `timeout`, or nil.
    func accept(timeout: TimeInterval) -> TCPStream? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) > 0 else { return nil }
        var peer = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let client = withUnsafeMutablePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(fd, $0, &length) }
        }
        guard client >= 0 else { return nil }
        return TCPStream(accepted: client, peer: peer)
    }

    deinit { close(fd) }
}

extension TCPStream {
    fileprivate convenience init(accepted fd: Int32, peer: sockaddr_in) {
        var address = peer.sin_addr
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &address, &text, socklen_t(text.count))
        let bytes = text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        self.init(fd: fd, peerHost: String(decoding: bytes, as: UTF8.self))
    }
}

private enum IPv4 {
    static func address(_ host: String, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = UInt16(port).bigEndian
        return address
    }

    static func withSockaddr<T>(_ address: inout sockaddr_in, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}
