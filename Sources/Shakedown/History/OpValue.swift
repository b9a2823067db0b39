/// The value an operation carries: what a write wrote, what a read saw, what a set read
/// returned. Encoded in JSON as the plain value (`null`, `7`, `[1,2]`, `"text"`) so that
/// `history.jsonl` reads like what happened.
public enum OpValue: Sendable, Hashable {
    case none
    case int(Int)
    case ints([Int])
    case text(String)

    public var int: Int? {
        if case .int(let value) = self { return value }
        return nil
    }

    public var ints: [Int]? {
        if case .ints(let values) = self { return values }
        return nil
    }
}

extension OpValue: Codable {
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .none
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let values = try? container.decode([Int].self) {
            self = .ints(values)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .none: try container.encodeNil()
        case .int(let value): try container.encode(value)
        case .ints(let values): try container.encode(values)
        case .text(let text): try container.encode(text)
        }
    }
}

extension OpValue: CustomStringConvertible {
    public var description: String {
        switch self {
        case .none: "nil"
        case .int(let value): String(value)
        case .ints(let values): "[" + values.map(String.init).joined(separator: " ") + "]"
        case .text(let text): text
        }
    }
}
