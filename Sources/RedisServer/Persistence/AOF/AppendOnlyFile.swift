import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// The open append-only file: propagated commands are buffered here during a batch of
/// requests and written before any reply leaves (`flush`), then made durable according
/// to `appendfsync`: `always` fsyncs before replying, `everysec` fsyncs in the background
/// once a second, `no` leaves it to the kernel.
final class AppendOnlyFile {
    enum FlushOutcome: Equatable {
        case ok
        /// The write or the fsync failed; the text says why.
        case failed(String)
    }

    let directory: String
    private(set) var fileName: String
    private var fd: Int32
    private(set) var buffer: [UInt8] = []
    private var selectedDB = -1
    /// Bytes in the current incremental file.
    private(set) var incrementalSize = 0
    private var lastFsync: Int64 = 0
    private var unsyncedWrites = false
    private(set) var lastWriteError: String?
    private let fsyncQueue = DispatchQueue(label: "shakedown.aof-fsync")
    private let fsyncsInFlight = NIOLockedValueBox(0)
    /// A background fsync that failed (everysec): writes are refused until one succeeds.
    private let backgroundFsyncError = NIOLockedValueBox<String?>(nil)

    /// Opens `fileName` for appending; `truncate` starts it empty (a temp incremental file
    /// must not keep what an earlier, failed attempt left in it).
    init(directory: String, fileName: String, now: Int64, truncate: Bool = false) throws {
        self.directory = directory
        self.fileName = fileName
        fd = try Self.open("\(directory)/\(fileName)", truncate: truncate)
        incrementalSize = Int(lseek(fd, 0, SEEK_END))
        lastFsync = now
    }

    private static func open(_ path: String, truncate: Bool) throws -> Int32 {
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | (truncate ? O_TRUNC : 0), 0o644)
        guard fd >= 0 else {
            throw FileSink.Failure(description: "Can't open the append-only file \(path): \(FileSink.lastError())")
        }
        return fd
    }

    deinit {
        let fd = self.fd
        fsyncQueue.sync { _ = Glibc.close(fd) }
    }

    func feed(db: Int, _ command: [Bytes]) {
        if db != selectedDB {
            AOFCommandEncoding.append(["SELECT", Bytes(Int64(db))], to: &buffer)
            selectedDB = db
        }
        AOFCommandEncoding.append(command, to: &buffer)
    }

    /// The error that makes Redis refuse writes (MISCONF), if any.
    var writeError: String? { lastWriteError ?? backgroundFsyncError.withLockedValue { $0 } }

    /// Writes the buffer and fsyncs as the policy says. `now` is unix ms. Under `always`
    /// a failure means the write may not be durable; the caller decides what that costs.
    @discardableResult
    func flush(policy: ServerConfig.FsyncPolicy, now: Int64, force: Bool = false) -> FlushOutcome {
        if !buffer.isEmpty {
            var offset = 0
            buffer.withUnsafeBytes { raw in
                while offset < raw.count {
                    let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        break
                    }
                    offset += n
                }
            }
            incrementalSize += offset
            if offset < buffer.count {
                let reason = FileSink.lastError()
                lastWriteError = reason
                // Keep what was not written; it is retried on the next flush, as in Redis.
                buffer.removeFirst(offset)
                return .failed(reason)
            }
            lastWriteError = nil
            buffer.removeAll(keepingCapacity: buffer.capacity <= 4 * 1024 * 1024)
            unsyncedWrites = true
        }
        guard unsyncedWrites else { return .ok }
        switch policy {
        case .always:
            guard fdatasync(fd) == 0 else { return .failed("fdatasync: \(FileSink.lastError())") }
            unsyncedWrites = false
            lastFsync = now
        case .everysec:
            if force {
                guard fdatasync(fd) == 0 else { return .failed("fdatasync: \(FileSink.lastError())") }
                unsyncedWrites = false
                lastFsync = now
            } else if now - lastFsync >= 1000 && fsyncsInFlight.withLockedValue({ $0 }) == 0 {
                backgroundFsync()
                unsyncedWrites = false
                lastFsync = now
            }
        case .no:
            if force { fdatasync(fd) }
        }
        return .ok
    }

    private func backgroundFsync() {
        let fd = self.fd
        let counter = fsyncsInFlight
        let error = backgroundFsyncError
        counter.withLockedValue { $0 += 1 }
        fsyncQueue.async {
            let failed = fdatasync(fd) != 0
            let reason = failed ? "fdatasync: \(FileSink.lastError())" : nil
            error.withLockedValue { $0 = reason }
            counter.withLockedValue { $0 -= 1 }
        }
    }

    /// Continues in a new incremental file (a rewrite started): what is buffered goes to the
    /// old file first, durably when the policy asks for it; the old descriptor is synced and
    /// closed in the background.
    func switchTo(fileName: String, now: Int64, policy: ServerConfig.FsyncPolicy) throws {
        let newFD = try Self.open("\(directory)/\(fileName)", truncate: false)
        if case .failed(let reason) = flush(policy: policy, now: now) {
            Glibc.close(newFD)
            throw FileSink.Failure(description: "AOF write error before switching files: \(reason)")
        }
        let old = fd
        fsyncQueue.async {
            fsync(old)
            Glibc.close(old)
        }
        fd = newFD
        self.fileName = fileName
        incrementalSize = 0
        selectedDB = -1
    }

    /// The file was renamed under us (the temp incremental file got its real name); the
    /// descriptor stays valid.
    func renamed(to fileName: String) {
        self.fileName = fileName
    }

    /// Flushes and fsyncs synchronously (shutdown, disabling AOF).
    @discardableResult
    func syncNow(now: Int64) -> FlushOutcome {
        let outcome = flush(policy: .always, now: now, force: true)
        fsyncQueue.sync {}
        return outcome
    }

    var bufferSize: Int { buffer.count }
}
