import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few system calls durability needs, each failing with the path and errno.
enum FileIO {
    static func openFile(_ path: String, flags: Int32) throws(DurabilityError) -> Int32 {
        let fd = open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        return fd
    }

    static func writeAll(_ fd: Int32, _ buffer: ByteBuffer, path: String) throws(DurabilityError) {
        let failure: Int32? = buffer.withUnsafeReadableBytes { raw in
            var done = 0
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += n
            }
            return nil
        }
        if let failure { throw .io(operation: "write", path: path, errno: failure) }
    }

    static func sync(_ fd: Int32, path: String) throws(DurabilityError) {
        while fsync(fd) != 0 {
            if errno != EINTR { throw .io(operation: "fsync", path: path, errno: errno) }
        }
    }

    /// A rename or a new file is durable only once its directory is synced.
    static func syncDirectory(_ directory: String) throws(DurabilityError) {
        let fd = try openFile(directory, flags: O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try sync(fd, path: directory)
    }

    static func renameFile(_ from: String, to: String) throws(DurabilityError) {
        guard rename(from, to) == 0 else { throw .io(operation: "rename to '\(to)'", path: from, errno: errno) }
    }

    static func truncateFile(_ fd: Int32, length: Int, path: String) throws(DurabilityError) {
        guard ftruncate(fd, off_t(length)) == 0 else { throw .io(operation: "ftruncate", path: path, errno: errno) }
    }

    /// The whole file, or nil when it does not exist.
    static func readAll(_ path: String) throws(DurabilityError) -> ByteBuffer? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .io(operation: "open", path: path, errno: errno)
        }
        defer { close(fd) }
        var buffer = ByteBuffer()
        while true {
            var failure: Int32 = 0
            let n = buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 1 << 16) { raw -> Int in
                while true {
                    let n = read(fd, raw.baseAddress!, raw.count)
                    if n < 0, errno == EINTR { continue }
                    if n < 0 { failure = errno; return 0 }
                    return n
                }
            }
            if failure != 0 { throw .io(operation: "read", path: path, errno: failure) }
            if n == 0 { return buffer }
        }
    }

    static func makeDirectory(_ path: String) throws(DurabilityError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o755) != 0, errno != EEXIST {
                throw .io(operation: "mkdir", path: prefix, errno: errno)
            }
        }
    }

    static func closeFile(_ fd: Int32) {
        _ = close(fd)
    }

    static func removeFile(_ path: String) {
        unlink(path)
    }
}

/// Writing a whole small file so that a crash leaves either the old or the new content:
/// temp file in the same directory, fsync, rename over the target, fsync the directory.
enum AtomicFile {
    static func write(_ buffer: ByteBuffer, to path: String) throws(DurabilityError) {
        let temp = path + ".tmp"
        let fd = try FileIO.openFile(temp, flags: O_WRONLY | O_CREAT | O_TRUNC)
        do throws(DurabilityError) {
            try FileIO.writeAll(fd, buffer, path: temp)
            try FileIO.sync(fd, path: temp)
        } catch {
            close(fd)
            FileIO.removeFile(temp)
            throw error
        }
        close(fd)
        try FileIO.renameFile(temp, to: path)
        try FileIO.syncDirectory(directory(of: path))
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
