import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The journal file as the sync thread sees it: the descriptor appends go to, and the
/// rewrite that replaces the file with a snapshot. Used only on the log's serial queue
/// (hence `@unchecked Sendable`); the loop never touches the descriptor.
final class LogFile: @unchecked Sendable {
    let path: String
    let directory: String
    private var fd: Int32
    /// Bytes in the file.
    private(set) var size: Int

    static func compactionPath(for path: String) -> String { path + ".compact" }

    init(path: String, directory: String, fd: Int32, size: Int) {
        self.path = path
        self.directory = directory
        self.fd = fd
        self.size = size
    }

    /// One write and one fsync for a whole batch of records: the group commit.
    func appendAndSync(_ batch: ByteBuffer) throws(DurabilityError) {
        if batch.readableBytes > 0 {
            try FileIO.writeAll(fd, batch, path: path)
            size += batch.readableBytes
        }
        try FileIO.sync(fd, path: path)
    }

    /// Writes `records` to a new file, syncs it, renames it over the journal and syncs the
    /// directory; appends then go to the new file. A crash at any point leaves the old
    /// journal or the complete new one.
    func rewrite(with records: [JournalRecord]) throws(DurabilityError) {
        let temp = Self.compactionPath(for: path)
        let newFD = try FileIO.openFile(temp, flags: O_WRONLY | O_CREAT | O_TRUNC | O_APPEND)
        var written = 0
        do throws(DurabilityError) {
            var chunk = ByteBuffer()
            chunk.writeBytes(RecordFrame.magic)
            for record in records {
                do {
                    try RecordFrame.write(record, into: &chunk)
                } catch {
                    throw DurabilityError.encoding("\(error)")
                }
                if chunk.readableBytes >= 1 << 20 {
                    try FileIO.writeAll(newFD, chunk, path: temp)
                    written += chunk.readableBytes
                    chunk.clear()
                }
            }
            try FileIO.writeAll(newFD, chunk, path: temp)
            written += chunk.readableBytes
            try FileIO.sync(newFD, path: temp)
            try FileIO.renameFile(temp, to: path)
        } catch {
            FileIO.closeFile(newFD)
            FileIO.removeFile(temp)
            throw error
        }
        FileIO.closeFile(fd)
        fd = newFD
        size = written
        try FileIO.syncDirectory(directory)
    }

    func close() {
        if fd >= 0 { FileIO.closeFile(fd) }
        fd = -1
    }
}
