/// A malformed, truncated or unsupported RDB file or DUMP payload. `offset` is the byte
/// position (from the start of the file or payload) where the problem was found.
public struct RDBError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The bytes do not follow the format (or end too early).
        case malformed
        /// Well-formed, but something this node cannot hold (streams, modules, functions).
        case unsupported
        /// A DUMP payload whose footer names a newer RDB version or whose CRC is wrong.
        case versionOrChecksum
    }

    public var offset: Int
    public var message: String
    public var kind: Kind

    public init(offset: Int, _ message: String, kind: Kind = .malformed) {
        self.offset = offset
        self.message = message
        self.kind = kind
    }

    public init(offset: Int, message: String, kind: Kind = .malformed) {
        self.init(offset: offset, message, kind: kind)
    }

    public var description: String { "Bad RDB data at offset \(offset): \(message)" }
}
