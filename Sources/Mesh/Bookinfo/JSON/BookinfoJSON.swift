/// A JSON value that keeps what the original services' printers depend on: object members in
/// the order they were read (Node and the Java builder print that order, Python 2.7 prints its
/// dict order, computed from it) and numbers as their literal (Python prints `5` and `5.0`
/// differently, Node does not).
public indirect enum BookinfoJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The literal as it appeared in the input (validated JSON number syntax).
    case number(String)
    case string(String)
    case array([BookinfoJSON])
    case object([Member])

    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: BookinfoJSON

        public init(_ key: String, _ value: BookinfoJSON) {
            self.key = key
            self.value = value
        }
    }

    public static func int(_ value: Int) -> BookinfoJSON { .number(String(value)) }

    /// The value of `key` when this is an object (the last one wins, as in JSON.parse and dict).
    public subscript(key: String) -> BookinfoJSON? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number as a double, nil for a non-number.
    public var doubleValue: Double? {
        if case .number(let literal) = self { return Double(literal) }
        return nil
    }

    /// True for an integer literal (no fraction, no exponent): Python reads it as `int`.
    public var isIntegerLiteral: Bool {
        guard case .number(let literal) = self else { return false }
        return !literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
    }
}
