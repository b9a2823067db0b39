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

    init(directory: String, fileName: String, now: Int64) throws {
        self.directory = directory
        self.fileName = fileName
        let path = "\(directory)/\(fileName)"
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else {
            throw FileSink.Failure(description: "Can't open the append-only file \(fileName): \(FileSink.lastError())")
        }
        incrementalSize = Int(lseek(fd, 0, SEEK_END))
        lastFsync = now
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

    /// Writes the buffer; fsyncs as the policy says. `now` is unix ms.
    func flush(policy: ServerConfig.FsyncPolicy, now: Int64, force: Bool = false) {
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
            if offset < buffer.count {
                lastWriteError = FileSink.lastError()
                // Keep what was not written; Redis retries on the next flush too.
                buffer.removeFirst(offset)
                incrementalSize += offset
                return
            }
            lastWriteError = nil
            incrementalSize += buffer.count
            buffer.removeAll(keepingCapacity: buffer.capacity <= 4 * 1024 * 1024)
            unsyncedWrites = true
        }
        guard unsyncedWrites else { return }
        switch policy {
        case .always:
            fdatasync(fd)
            unsyncedWrites = false
            lastFsync = now
        case .everysec:
            if force {
                fdatasync(fd)
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
    }

    private func backgroundFsync() {
        let fd = self.fd
        let counter = fsyncsInFlight
        counter.withLockedValue { $0 += 1 }
        fsyncQueue.async {
            fdatasync(fd)
            counter.withLockedValue { $0 -= 1 }
        }
    }

    /// Continues in a new incremental file (after a rewrite started); the old descriptor is
    /// synced and closed in the background.
    func switchTo(fileName: String, now: Int64) throws {
        flush(policy: .no, now: now)
        let path = "\(directory)/\(fileName)"
        let newFD = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard newFD >= 0 else {
            throw FileSink.Failure(description: "Can't open the append-only file \(fileName): \(FileSink.lastError())")
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

    /// Flushes and fsyncs synchronously (shutdown, disabling AOF).
    func syncNow(now: Int64) {
        flush(policy: .always, now: now, force: true)
        fsyncQueue.sync {}
    }

    var bufferSize: Int { buffer.count }
}
