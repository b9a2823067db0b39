/// A RESP2/RESP3 value as a client sees it: what the harness, the tests and replay read.
public enum RESPValue: Hashable, Sendable {
    case simpleString(String)
    case error(String)
    case integer(Int64)
    /// nil is RESP2's null bulk string (`$-1`).
    case bulkString([UInt8]?)
    /// nil is RESP2's null array (`*-1`).
    case array([RESPValue]?)
    /// RESP3 `_`.
    case null
    case double(Double)
    case boolean(Bool)
    case bigNumber(String)
    case verbatim(format: String, text: String)
    /// Key/value pairs in wire order.
    case map([Pair])
    case set([RESPValue])
    case push([RESPValue])

    public struct Pair: Hashable, Sendable {
        public var key: RESPValue
        public var value: RESPValue
        public init(_ key: RESPValue, _ value: RESPValue) {
            self.key = key
            self.value = value
        }
    }

    public static func bulk(_ s: String) -> RESPValue { .bulkString(Array(s.utf8)) }

    /// Text of a simple, bulk or verbatim string (nil otherwise).
    public var string: String? {
        switch self {
        case .simpleString(let s): return s
        case .bulkString(let b?): return String(decoding: b, as: UTF8.self)
        case .verbatim(_, let t): return t
        default: return nil
        }
    }

    public var int: Int64? {
        if case .integer(let i) = self { return i }
        return nil
    }

    /// Elements of an array, set or push.
    public var elements: [RESPValue]? {
        switch self {
        case .array(let a?): return a
        case .set(let s): return s
        case .push(let p): return p
        default: return nil
        }
    }

    public var isNull: Bool {
        switch self {
        case .null, .bulkString(nil), .array(nil): return true
        default: return false
        }
    }

    public var errorMessage: String? {
        if case .error(let e) = self { return e }
        return nil
    }
}
