import Foundation
import NIOCore
import NIOPosix

/// How to tell that a started process is ready for work.
public struct ReadinessProbe: Sendable, CustomStringConvertible {
    /// Names the probe in errors: `TCP connect to 127.0.0.1:7000`.
    public let description: String
    /// Makes the check for one wait on one process (a check may keep state, such as how far
    /// into the log it has read).
    let makeCheck: @Sendable (SupervisedProcess) -> @Sendable () async -> Bool

    public init(_ description: String, makeCheck: @escaping @Sendable (SupervisedProcess) -> @Sendable () async -> Bool) {
        self.description = description
        self.makeCheck = makeCheck
    }

    /// A TCP connection to `host:port` succeeds (then it is closed at once).
    public static func port(_ host: String, _ port: Int) -> ReadinessProbe {
        ReadinessProbe("TCP connect to \(host.contains(":") ? "[\(host)]" : host):\(port)") { _ in
            { await canConnect(host: host, port: port) }
        }
    }

    /// A line containing `text` appears in the process's log since this start (earlier
    /// starts' output, before the restart marker, does not count).
    public static func logLine(_ text: String) -> ReadinessProbe {
        ReadinessProbe("a log line containing \"\(text)\"") { process in
            let scanner = LogScanner(file: process.logFile, from: process.logOffset, needle: Array(text.utf8))
            return { scanner.found() }
        }
    }

    /// `isReady` returns true (a protocol ping, a cluster state...).
    public static func custom(_ description: String = "custom check", _ isReady: @escaping @Sendable () async -> Bool)
        -> ReadinessProbe
    {
        ReadinessProbe(description) { _ in isReady }
    }

    private static func canConnect(host: String, port: Int) async -> Bool {
        guard (1...65535).contains(port) else { return false }
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(500))
        do {
            let channel = try await bootstrap.connect(host: host, port: port).get()
            try? await channel.close().get()
            return true
        } catch {
            return false
        }
    }
}

/// Reads a log from an offset on, a little more at each call, looking for a byte string.
private final class LogScanner: @unchecked Sendable {
    private let file: URL
    private var offset: UInt64
    private let needle: [UInt8]
    /// The end of what was read last, in case the needle straddles two reads.
    private var carry: [UInt8] = []
    private var seen = false
    private let lock = NSLock()

    init(file: URL, from offset: UInt64, needle: [UInt8]) {
        self.file = file
        self.offset = offset
        self.needle = needle
    }

    func found() -> Bool {
        lock.withLock {
            if seen { return true }
            guard let handle = try? FileHandle(forReadingFrom: file) else { return false }
            defer { try? handle.close() }
            guard (try? handle.seek(toOffset: offset)) != nil, let data = try? handle.readToEnd(), !data.isEmpty else {
                return false
            }
            offset += UInt64(data.count)
            let window = carry + data
            seen = needle.isEmpty || window.firstRange(of: needle) != nil
            carry = Array(window.suffix(max(0, needle.count - 1)))
            return seen
        }
    }
}
