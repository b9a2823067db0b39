/// Why bytes could not be read as (or values written as) AMQP primitives: a clear account of
/// what was being read and what was wrong, never a crash.
public enum WireError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `reading` needed `needed` more bytes than the payload had.
    case truncated(reading: String, needed: Int, available: Int)
    /// A field table or array held a type octet RabbitMQ's parser does not know.
    case unknownFieldType(UInt8)
    /// A short string of a method that RabbitMQ checks (those without content) was not UTF-8.
    case malformedUTF8(reading: String)
    /// Bytes were left over after the last argument or property.
    case trailingBytes(count: Int, after: String)
    /// A short string to encode was longer than 255 bytes.
    case shortStringTooLong(length: Int)
    /// Tables and arrays nested deeper than `WireReader.maxNesting`.
    case nestedTooDeep(reading: String, limit: Int)

    public var description: String {
        switch self {
        case .truncated(let reading, let needed, let available):
            "truncated \(reading): needed \(needed) bytes, \(available) left"
        case .unknownFieldType(let octet):
            "unknown field type \(octet)" + (octet >= 0x20 && octet < 0x7f ? " '\(Character(UnicodeScalar(octet)))'" : "")
        case .malformedUTF8(let reading): "malformed UTF-8 in \(reading)"
        case .trailingBytes(let count, let after): "\(count) bytes left over after \(after)"
        case .shortStringTooLong(let length): "short string of \(length) bytes (255 at most)"
        case .nestedTooDeep(let reading, let limit): "\(reading) nests tables and arrays deeper than \(limit) levels"
        }
    }
}
