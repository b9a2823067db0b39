/// One value of an AMQP field table or field array, with the type letters RabbitMQ reads and
/// writes (rabbit_binary_parser / rabbit_binary_generator), which differ from the 0-9-1 spec's
/// errata for the 16-bit integers: `s` is a signed short, `u` an unsigned one.
public enum FieldValue: Hashable, Sendable {
    case boolean(Bool)  // t
    case int8(Int8)  // b
    case uint8(UInt8)  // B
    case int16(Int16)  // s
    case uint16(UInt16)  // u
    case int32(Int32)  // I
    case uint32(UInt32)  // i
    case int64(Int64)  // l
    case float(Float)  // f
    case double(Double)  // d
    case decimal(scale: UInt8, value: UInt32)  // D
    case longString([UInt8])  // S
    case bytes([UInt8])  // x
    case array([FieldValue])  // A
    case timestamp(UInt64)  // T
    case table(FieldTable)  // F
    case void  // V

    /// A UTF-8 long string, the form text travels in.
    public static func string(_ text: String) -> FieldValue { .longString(Array(text.utf8)) }

    /// The text of a long string, if it is one and is UTF-8.
    public var stringValue: String? {
        guard case .longString(let bytes) = self else { return nil }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Any integer type as an Int64, for arguments such as `x-message-ttl` that clients send
    /// with whichever width they like.
    public var integerValue: Int64? {
        switch self {
        case .int8(let v): Int64(v)
        case .uint8(let v): Int64(v)
        case .int16(let v): Int64(v)
        case .uint16(let v): Int64(v)
        case .int32(let v): Int64(v)
        case .uint32(let v): Int64(v)
        case .int64(let v): v
        default: nil
        }
    }
}
