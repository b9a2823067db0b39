import Foundation
import Logging

/// A swift-log handler that writes Redis's log format, so tools that read Redis logs (and
/// the harness's readiness probe) read ours the same way:
/// `pid:role dd Mon yyyy HH:MM:SS.mmm <level> message`, level one of `. - * #`.
public struct RedisLogHandler: LogHandler {
    /// Where lines go: stdout, or a file opened in append mode.
    public final class Sink: @unchecked Sendable {
        private let lock = NSLock()
        private let handle: FileHandle
        /// 'M' master, 'S' replica, 'C' child process.
        public var role: Character = "M"

        public init(path: String) throws {
            if path.isEmpty {
                handle = FileHandle.standardOutput
            } else {
                if !FileManager.default.fileExists(atPath: path) {
                    guard FileManager.default.createFile(atPath: path, contents: nil) else {
                        throw CocoaError(.fileWriteNoPermission)
                    }
                }
                guard let h = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
                h.seekToEndOfFile()
                handle = h
            }
        }

        public func write(_ line: String) {
            lock.lock()
            defer { lock.unlock() }
            handle.write(Data(line.utf8))
        }
    }

    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    let sink: Sink

    public init(sink: Sink, level: Logger.Level) {
        self.sink = sink
        self.logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        let mark: Character
        switch event.level {
        case .trace, .debug: mark = "."
        case .info: mark = "-"
        case .notice: mark = "*"
        default: mark = "#"
        }
        sink.write(Self.line("\(event.message)", role: sink.role, mark: mark))
    }

    /// One log line in Redis's format (also used directly by forked children).
    public static func line(_ message: String, role: Character, mark: Character = "*") -> String {
        "\(getpid()):\(role) \(timestamp()) \(mark) \(message)\n"
    }

    static func timestamp() -> String {
        var tv = timeval()
        gettimeofday(&tv, nil)
        var t = time_t(tv.tv_sec)
        var parts = tm()
        localtime_r(&t, &parts)
        var buf = [CChar](repeating: 0, count: 64)
        let n = strftime(&buf, 64, "%d %b %Y %H:%M:%S", &parts)
        let base = String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let ms = Int(tv.tv_usec) / 1000
        return base + "." + (ms < 10 ? "00" : ms < 100 ? "0" : "") + String(ms)
    }
}

extension ServerConfig.LogLevel {
    /// The swift-log level that lets exactly this level and above through.
    var swiftLogLevel: Logger.Level {
        switch self {
        case .debug: return .debug
        case .verbose: return .info
        case .notice: return .notice
        case .warning: return .warning
        case .nothing: return .critical
        }
    }
}

extension Logger {
    /// Redis's `verbose` level.
    func verbose(_ message: @autoclosure () -> Logger.Message) {
        info(message())
    }
}
