import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real TCP connection on 127.0.0.1 made with plain blocking sockets, one thread: the client
/// sends each message, the server answers it in upper case, then the client closes, then the
/// server. Small messages fit the loopback buffers, so nothing waits on the other side.
struct LoopbackExchange {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let listener: CInt
    let port: UInt16

    /// Listens on a free port of 127.0.0.1.
    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            _ = Glibc.close(fd)
            throw Failure(description: "bind/listen: \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
    }

    func close() { _ = Glibc.close(listener) }

    /// One connection carrying `messages`; returns the client's port.
    func run(_ messages: [String]) throws -> UInt16 {
        let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = Self.loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard client >= 0, connected == 0 else { throw Failure(description: "connect: \(String(cString: strerror(errno)))") }
        let server = accept(listener, nil, nil)
        guard server >= 0 else { throw Failure(description: "accept: \(String(cString: strerror(errno)))") }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(client, $0, &length) } }
        for message in messages {
            try send(client, Array(message.utf8))
            let received = try receive(server, count: message.utf8.count)
            try send(server, Array(String(decoding: received, as: UTF8.self).uppercased().utf8))
            _ = try receive(client, count: message.utf8.count)
        }
        _ = Glibc.close(client)
        _ = Glibc.close(server)
        return UInt16(bigEndian: local.sin_port)
    }

    private func send(_ socket: CInt, _ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let result = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, 0) }
            guard result > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
            sent += result
        }
    }

    private func receive(_ socket: CInt, count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while bytes.count < count {
            let result = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, min($0.count, count - bytes.count), 0) }
            guard result > 0 else { throw Failure(description: "recv: \(result == 0 ? "closed" : String(cString: strerror(errno)))") }
            bytes += buffer[..<result]
        }
        return bytes
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}
