import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The log file of a supervised process: stdout and stderr of every start of that name,
/// appended, with a marker line before each restart.
enum ProcessLog {
    /// Opens (creating) `<directory>/<name>.log` for appending; the caller closes it.
    static func open(_ url: URL, name: String) throws -> Int32 {
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw SupervisorError.logUnavailable(name: name, path: url.path, reason: "\(error)")
        }
        let fd = Glibc.open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SupervisorError.logUnavailable(name: name, path: url.path, reason: String(cString: strerror(errno)))
        }
        return fd
    }

    static func restartMarker(at date: Date = Date()) -> String {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return "--- restarted at \(format.string(from: date)) ---\n"
    }

    static func append(_ text: String, to fd: Int32) {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            written += n
        }
    }

    /// The end of the file: where the output of the start about to happen begins.
    static func end(of fd: Int32) -> UInt64 {
        UInt64(max(0, lseek(fd, 0, SEEK_END)))
    }

    /// The bytes from `offset` to the end (at most `limit`, the last ones).
    static func read(_ url: URL, from offset: UInt64, limit: Int = 1 << 20) -> [UInt8] {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return [] }
        defer { try? handle.close() }
        guard let end = try? handle.seekToEnd(), end > offset else { return [] }
        let start = max(offset, end > UInt64(limit) ? end - UInt64(limit) : 0)
        guard (try? handle.seek(toOffset: start)) != nil, let data = try? handle.readToEnd() else { return [] }
        return Array(data)
    }

    /// The last `count` lines from `offset` on.
    static func tail(_ url: URL, from offset: UInt64, lines count: Int) -> [String] {
        let text = String(decoding: read(url, from: offset, limit: 64 * 1024), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let trimmed = lines.last == "" ? Array(lines.dropLast()) : lines
        return Array(trimmed.suffix(count))
    }
}
