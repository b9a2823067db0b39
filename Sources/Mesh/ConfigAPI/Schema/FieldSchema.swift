/// The shape of a field, as a CRD's structural OpenAPI schema gives it: the apiserver checks a
/// body against it for types and, with `fieldValidation=Strict`, unknown fields.
indirect enum FieldSchema: Sendable {
    case string
    /// int32/int64 fields; `minimum` for the unsigned ones.
    case integer(minimum: Int64? = nil)
    case number
    case boolean
    /// google.protobuf.Duration: a Go duration string ("10s", "1m30s", "0.5s").
    case duration
    /// A proto enum, by name.
    case enumeration([String])
    case object([String: FieldSchema])
    /// map<string, V>.
    case map(FieldSchema)
    case array(FieldSchema)
    /// Anything (status, managedFields): kept, not looked into.
    case freeForm

    static let unsigned = FieldSchema.integer(minimum: 0)
    static let strings = FieldSchema.array(.string)
    static let stringMap = FieldSchema.map(.string)
}

/// What checking a body against a schema found; `pruned` is the body without unknown fields
/// (what is stored when unknown fields are only warned about or ignored).
struct SchemaCheck: Sendable {
    var errors: [FieldError] = []
    var unknownFields: [String] = []

    /// Checks `value` at `path`; returns it with unknown members removed.
    mutating func check(_ value: JSONValue, against schema: FieldSchema, at path: FieldPath) -> JSONValue {
        // Proto3 JSON and the apiserver both read an explicit null as "not set".
        if value.isNull { return value }
        switch schema {
        case .freeForm:
            return value
        case .string:
            if case .string = value { return value }
            errors.append(.type(path, value, expected: "string"))
        case .integer(let minimum):
            guard case .integer(let number) = value else {
                errors.append(.type(path, value, expected: "integer"))
                return value
            }
            if let minimum, number < minimum {
                errors.append(.invalid(path, value, "\(path.text) in body should be greater than or equal to \(minimum)"))
            }
        case .number:
            switch value {
            case .integer, .double: return value
            default: errors.append(.type(path, value, expected: "number"))
            }
        case .boolean:
            if case .bool = value { return value }
            errors.append(.type(path, value, expected: "boolean"))
        case .duration:
            guard case .string(let text) = value else {
                errors.append(.type(path, value, expected: "string"))
                return value
            }
            do {
                _ = try GoDuration.parse(text)
            } catch {
                errors.append(.invalid(path, value, error.description))
            }
        case .enumeration(let names):
            guard case .string(let name) = value else {
                errors.append(.type(path, value, expected: "string"))
                return value
            }
            if !names.contains(name) { errors.append(.notSupported(path, value, supported: names)) }
        case .array(let item):
            guard case .array(let items) = value else {
                errors.append(.type(path, value, expected: "array"))
                return value
            }
            return .array(items.enumerated().map { check($1, against: item, at: path.index($0)) })
        case .map(let item):
            guard case .object(let members) = value else {
                errors.append(.type(path, value, expected: "object"))
                return value
            }
            var checked: [String: JSONValue] = [:]
            for (key, member) in members.sorted(by: { $0.key < $1.key }) { checked[key] = check(member, against: item, at: path.key(key)) }
            return .object(checked)
        case .object(let fields):
            guard case .object(let members) = value else {
                errors.append(.type(path, value, expected: "object"))
                return value
            }
            var checked: [String: JSONValue] = [:]
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                guard let field = fields[key] else {
                    unknownFields.append(path.child(key).text)
                    continue
                }
                checked[key] = check(member, against: field, at: path.child(key))
            }
            return .object(checked)
        }
        return value
    }
}
