import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension NodesConf {
    /// Reads and parses `path`. Nil when the file does not exist or is empty (Redis then
    /// starts as a fresh node and writes one; its lock creates an empty file). Other I/O
    /// errors throw `NodesConfFileError`, content errors `NodesConfError`.
    public static func load(from path: String, warning: (String) -> Void = { _ in }) throws -> NodesConf? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw NodesConfFileError("Loading the cluster node config from \(path): \(FileSink.lastError())")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw NodesConfFileError("Reading the cluster node config from \(path): \(FileSink.lastError())")
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        if bytes.isEmpty { return nil }
        return try parse(String(decoding: bytes, as: UTF8.self), warning: warning)
    }

    /// Writes `rendered` to `path` atomically, as Redis 7.2 does (7.0 rewrites in place):
    /// a temp file `<path>.tmp-<pid>-<ms>` in the same directory, fsync, rename over `path`,
    /// fsync the directory. With `fsync: false` both fsyncs are skipped (Redis fsyncs only
    /// when the change matters for safety: votes, epochs, failover). The temp file is
    /// removed on failure; `path` then still holds the previous version.
    public func save(to path: String, fsync: Bool = true) throws {
        let millis = Int64(Date().timeIntervalSince1970 * 1000)
        let temp = "\(path).tmp-\(getpid())-\(millis)"
        do {
            let sink = try FileSink(path: temp)
            try sink.write(Array(rendered.utf8))
            if fsync { try sink.sync() } else { try sink.flush() }
            guard rename(temp, path) == 0 else {
                throw NodesConfFileError("Could not rename tmp cluster config file: \(FileSink.lastError())")
            }
        } catch {
            unlink(temp)
            throw error
        }
        if fsync { try Self.syncDirectory(of: path) }
    }

    static func syncDirectory(of path: String) throws {
        let dir = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let fd = open(dir.isEmpty ? "/" : dir, O_RDONLY | O_CLOEXEC)
        guard fd >= 0, Glibc.fsync(fd) == 0 else {
            let message = FileSink.lastError()
            if fd >= 0 { close(fd) }
            throw NodesConfFileError("Could not sync cluster config file dir: \(message)")
        }
        close(fd)
    }
}

/// An I/O failure reading or writing nodes.conf, worded like Redis's log lines.
public struct NodesConfFileError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
