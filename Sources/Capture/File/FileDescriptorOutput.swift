#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// Bytes written in full to a file descriptor (partial writes and EINTR retried), counting what
/// went out so errors can say at which offset.
final class FileDescriptorOutput {
    let name: String
    private var descriptor: CInt
    private let closesDescriptor: Bool
    private(set) var bytesWritten: Int64 = 0

    init(descriptor: CInt, name: String, closesDescriptor: Bool) {
        self.descriptor = descriptor
        self.name = name
        self.closesDescriptor = closesDescriptor
    }

    /// Creates or truncates `path` (mode 0644).
    convenience init(path: String) throws(CaptureError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CaptureError(file: path, reason: "cannot open for writing: \(Self.systemMessage(errno))")
        }
        self.init(descriptor: descriptor, name: path, closesDescriptor: true)
    }

    func write(_ bytes: ByteBuffer) throws(CaptureError) {
        let failure: CInt? = bytes.withUnsafeReadableBytes { raw in
            var offset = 0
            while offset < raw.count {
                let result = systemWrite(descriptor, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if result < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += result
                bytesWritten += Int64(result)
            }
            return nil
        }
        if let failure {
            throw CaptureError(file: name, offset: bytesWritten, reason: "write failed: \(Self.systemMessage(failure))")
        }
    }

    /// Closes the descriptor if this output opened or was handed it; later calls do nothing.
    func close() throws(CaptureError) {
        guard descriptor >= 0 else { return }
        let owned = descriptor
        descriptor = -1
        guard closesDescriptor else { return }
        if systemClose(owned) != 0 {
            throw CaptureError(file: name, offset: bytesWritten, reason: "close failed: \(Self.systemMessage(errno))")
        }
    }

    deinit { if closesDescriptor && descriptor >= 0 { _ = systemClose(descriptor) } }

    static func systemMessage(_ code: CInt) -> String { String(cString: strerror(code)) }
}

// The module functions, out of reach of the methods named like them.
private func systemWrite(_ descriptor: CInt, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int { write(descriptor, bytes, count) }
private func systemClose(_ descriptor: CInt) -> CInt { close(descriptor) }
