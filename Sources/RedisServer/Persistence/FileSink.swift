#if canImport(Glibc)
import Glibc
#endif

/// A buffered writer on a raw file descriptor: usable in a forked child (no locks, no
/// Foundation), with explicit fsync and rename for crash-safe replacement.
final class FileSink {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let path: String
    private let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var written = 0

    init(path: String, append: Bool = false) throws {
        self.path = path
        let flags = O_WRONLY | O_CREAT | (append ? O_APPEND : O_TRUNC)
        fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw Failure(description: "can't open \(path): \(FileSink.lastError())") }
        buffer.reserveCapacity(64 * 1024)
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    static func lastError() -> String { String(cString: strerror(errno)) }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if buffer.count + bytes.count > 64 * 1024 { try flush() }
        if bytes.count >= 64 * 1024 {
            try writeAll(bytes)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "write error on \(path): \(FileSink.lastError())")
            }
            offset += n
        }
        written += bytes.count
    }

    func sync() throws {
        try flush()
        guard fsync(fd) == 0 else { throw Failure(description: "fsync error on \(path): \(FileSink.lastError())") }
    }

    /// Flushes, fsyncs and renames over `destination`, then fsyncs the directory so the
    /// rename itself survives a crash.
    func commit(to destination: String) throws {
        try sync()
        guard rename(path, destination) == 0 else {
            throw Failure(description: "can't rename \(path) to \(destination): \(FileSink.lastError())")
        }
        FileSink.syncDirectory(of: destination)
    }

    static func syncDirectory(of path: String) {
        let dir = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let dfd = open(dir.isEmpty ? "/" : dir, O_RDONLY)
        if dfd >= 0 {
            fsync(dfd)
            Glibc.close(dfd)
        }
    }
}
