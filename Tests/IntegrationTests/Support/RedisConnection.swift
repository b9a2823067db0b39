import Foundation
import NIOCore
import RESP

#if canImport(Glibc)
import Glibc
#endif

/// A blocking RESP connection to a server on localhost, for tests: send a command, get the
/// parsed reply.
final class RedisConnection {
    let fd: Int32
    private var pending = ByteBuffer()

    init(host: String = "127.0.0.1", port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr(host)
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard fd >= 0, connected else {
            if fd >= 0 { close(fd) }
            throw ServerProcess.Failure(description: "cannot connect to \(host):\(port)")
        }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ arguments: [String]) throws -> RESPValue {
        try command(arguments.map { Array($0.utf8) })
    }

    /// Sends binary-safe arguments and returns the reply.
    @discardableResult
    func command(_ arguments: [[UInt8]]) throws -> RESPValue {
        var request = ByteBuffer()
        request.writeRESPCommand(arguments)
        let bytes = Array(request.readableBytesView)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw ServerProcess.Failure(description: "short write") }
        return try readValue()
    }

    /// The next value the server sends (a reply, or a push such as a pub/sub message).
    func readValue() throws -> RESPValue {
        let parser = RESPValueParser()
        while true {
            if let value = try parser.parse(&pending) { return value }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw ServerProcess.Failure(description: "connection closed mid-reply") }
            pending.writeBytes(chunk[0..<n])
        }
    }

    func send(_ arguments: String...) throws -> RESPValue { try send(arguments) }

    @discardableResult
    func command(_ arguments: String...) throws -> RESPValue { try send(arguments) }

    deinit { close(fd) }
}

extension RedisConnection {
    /// Writes raw bytes (malformed requests included).
    func sendRaw(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) } == bytes.count
    }

    /// Reads until the server closes the connection (or `limit` bytes); returns what came.
    func readUntilClosed(limit: Int = 1 << 20, timeoutSeconds: Int = 5) -> (data: String, closed: Bool) {
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while out.count < limit {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n == 0 { return (String(decoding: out, as: UTF8.self), true) }
            // A reset (the server closed with our bytes unread) is a close too.
            if n < 0 { return (String(decoding: out, as: UTF8.self), errno == ECONNRESET) }
            out.append(contentsOf: chunk[0..<n])
        }
        return (String(decoding: out, as: UTF8.self), false)
    }
}
