/// An error reply. `message` starts with the code (`ERR`, `WRONGTYPE`, ...), as on the wire.
public struct RedisError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }

    /// The code before the first space (`ERR`, `WRONGTYPE`), for INFO errorstats.
    public var code: Substring { message.prefix(while: { $0 != " " }) }

    public static let wrongType = RedisError("WRONGTYPE Operation against a key holding the wrong kind of value")
    public static let syntax = RedisError("ERR syntax error")
    public static let notInteger = RedisError("ERR value is not an integer or out of range")
    public static let notFloat = RedisError("ERR value is not a valid float")
    public static let overflow = RedisError("ERR increment or decrement would overflow")
    public static let noSuchKey = RedisError("ERR no such key")
    public static let indexOutOfRange = RedisError("ERR index out of range")
    public static let invalidDBIndex = RedisError("ERR DB index is out of range")
    public static let noAuth = RedisError("NOAUTH Authentication required.")
    public static let invalidExpire = RedisError("ERR invalid expire time in 'set' command")
    public static let minMaxNotFloat = RedisError("ERR min or max is not a float")
    public static let minMaxNotLex = RedisError("ERR min or max not valid string range item")
    public static let timeoutNotFloat = RedisError("ERR timeout is not a float or out of range")
    public static let negativeTimeout = RedisError("ERR timeout is negative")
    public static let positiveValue = RedisError("ERR value is out of range, must be positive")

    public static func wrongArity(_ name: String) -> RedisError {
        RedisError("ERR wrong number of arguments for '\(name)' command")
    }

    public static func invalidExpireTime(_ command: String) -> RedisError {
        RedisError("ERR invalid expire time in '\(command)' command")
    }
}
