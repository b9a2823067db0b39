/// One refused field, worded as the apiserver's field.Error: `spec.hosts: Required value`,
/// `spec.http[0].timeout: Invalid value: "10x": ...`. The kind is the Status cause's reason.
struct FieldError: Equatable, Sendable, CustomStringConvertible {
    enum Kind: String, Sendable {
        case required = "FieldValueRequired"
        case invalid = "FieldValueInvalid"
        case duplicate = "FieldValueDuplicate"
        case notSupported = "FieldValueNotSupported"
        case typeInvalid = "FieldValueTypeInvalid"
    }

    var kind: Kind
    var field: String
    /// What was wrong; for `notSupported` the supported values.
    var detail: String
    var value: JSONValue?

    static func required(_ field: FieldPath, _ detail: String = "") -> FieldError {
        FieldError(kind: .required, field: field.text, detail: detail, value: nil)
    }

    static func invalid(_ field: FieldPath, _ value: JSONValue, _ detail: String) -> FieldError {
        FieldError(kind: .invalid, field: field.text, detail: detail, value: value)
    }

    static func duplicate(_ field: FieldPath, _ value: JSONValue) -> FieldError {
        FieldError(kind: .duplicate, field: field.text, detail: "", value: value)
    }

    static func notSupported(_ field: FieldPath, _ value: JSONValue, supported: [String]) -> FieldError {
        FieldError(kind: .notSupported, field: field.text, detail: supported.map { "\"\($0)\"" }.joined(separator: ", "), value: value)
    }

    /// The apiserver's schema type error: `Invalid value: "string": spec.hosts in body must be of type array: "string"`.
    static func type(_ field: FieldPath, _ value: JSONValue, expected: String) -> FieldError {
        FieldError(
            kind: .typeInvalid, field: field.text, detail: "\(field.text) in body must be of type \(expected): \"\(value.typeName)\"",
            value: .string(value.typeName))
    }

    /// The message without the field, as a Status cause carries it.
    var message: String {
        switch kind {
        case .required:
            return detail.isEmpty ? "Required value" : "Required value: \(detail)"
        case .invalid, .typeInvalid:
            let shown = "Invalid value: \(Self.show(value ?? .null))"
            return detail.isEmpty ? shown : "\(shown): \(detail)"
        case .duplicate:
            return "Duplicate value: \(Self.show(value ?? .null))"
        case .notSupported:
            return "Unsupported value: \(Self.show(value ?? .null)): supported values: \(detail)"
        }
    }

    var description: String { "\(field): \(message)" }

    /// Strings quoted, numbers bare, structures as compact JSON.
    static func show(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): "\"\(text)\""
        case .integer(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): String(flag)
        default: JSONCoding.text(value)
        }
    }
}

/// A field's path as the apiserver prints it: members joined by dots, list indexes and map
/// keys in brackets (`spec.http[0].match[0].headers[end-user]`).
struct FieldPath: Equatable, Sendable, CustomStringConvertible {
    private(set) var text: String

    init(_ root: String) { text = root }

    func child(_ name: String) -> FieldPath { FieldPath(text.isEmpty ? name : "\(text).\(name)") }
    func index(_ index: Int) -> FieldPath { FieldPath("\(text)[\(index)]") }
    func key(_ key: String) -> FieldPath { FieldPath("\(text)[\(key)]") }

    var description: String { text }
}
