/// Why the journal or a definitions file could not be read or written. Each case names the
/// file, and for damage the byte offset, so an operator can look.
public enum DurabilityError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A system call failed.
    case io(operation: String, path: String, errno: Int32)
    /// Damage that is not a torn last write: the broker refuses to start rather than
    /// silently lose what follows.
    case corrupt(file: String, offset: Int, reason: String)
    /// The saved definitions file cannot be read as definitions.
    case invalidDefinitions(file: String, reason: String)
    /// A value could not be encoded (a name over a short string's 255 bytes in a table).
    case encoding(String)
    /// The log was closed, or an earlier write or fsync failed and it stopped taking work.
    case unavailable(String)

    public var description: String {
        switch self {
        case .io(let operation, let path, let code):
            "\(operation) '\(path)' failed: \(String(cString: strerror(code))) (errno \(code))"
        case .corrupt(let file, let offset, let reason):
            "journal '\(file)' is corrupt at offset \(offset): \(reason); refusing to start "
                + "(move the file away to start empty, or truncate it at that offset to keep what precedes)"
        case .invalidDefinitions(let file, let reason):
            "definitions file '\(file)' is invalid: \(reason); refusing to start"
        case .encoding(let detail): "cannot encode a journal record: \(detail)"
        case .unavailable(let detail): "journal unavailable: \(detail)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
