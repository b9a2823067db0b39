/// A refused request, answered as the apiserver's `Status` object so kubectl prints its usual
/// messages (`Error from server (NotFound): virtualservices.networking.istio.io "x" not found`,
/// `The VirtualService "x" is invalid: spec.hosts: Required value`).
struct APIError: Error, Equatable, Sendable {
    struct Cause: Equatable, Sendable {
        var reason: String
        var message: String
        var field: String
    }

    struct Details: Equatable, Sendable {
        var name: String
        var group: String
        var kind: String
        var causes: [Cause] = []
    }

    var code: Int
    var reason: String
    var message: String
    var details: Details?

    static func notFound(_ kind: IstioResourceKind, _ name: String) -> APIError {
        APIError(
            code: 404, reason: "NotFound", message: "\(kind.qualifiedResource) \"\(name)\" not found",
            details: Details(name: name, group: IstioResourceKind.group, kind: kind.plural))
    }

    static func alreadyExists(_ kind: IstioResourceKind, _ name: String) -> APIError {
        APIError(
            code: 409, reason: "AlreadyExists", message: "\(kind.qualifiedResource) \"\(name)\" already exists",
            details: Details(name: name, group: IstioResourceKind.group, kind: kind.plural))
    }

    static func conflict(_ kind: IstioResourceKind, _ name: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(kind.qualifiedResource) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again",
            details: Details(name: name, group: IstioResourceKind.group, kind: kind.plural))
    }

    /// 422 with one cause per field, the message listing them as the apiserver does.
    static func invalid(_ kind: IstioResourceKind, _ name: String, _ errors: [FieldError]) -> APIError {
        let list = errors.count == 1 ? errors[0].description : "[" + errors.map(\.description).joined(separator: ", ") + "]"
        return APIError(
            code: 422, reason: "Invalid", message: "\(kind.kind).\(IstioResourceKind.group) \"\(name)\" is invalid: \(list)",
            details: Details(
                name: name, group: IstioResourceKind.group, kind: kind.kind,
                causes: errors.map { Cause(reason: $0.kind.rawValue, message: $0.message, field: $0.field) }))
    }

    /// `fieldValidation=Strict` and unknown fields: the apiserver refuses while decoding (400).
    static func strictDecoding(_ kind: IstioResourceKind, unknownFields: [String]) -> APIError {
        let fields = unknownFields.map { "unknown field \"\($0)\"" }.joined(separator: ", ")
        return .badRequest(
            "\(kind.kind) in version \"\(IstioResourceKind.version)\" cannot be handled as a \(kind.kind): strict decoding error: \(fields)")
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    static func unsupportedPatch(_ contentType: String) -> APIError {
        APIError(
            code: 415, reason: "UnsupportedMediaType",
            message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json")
    }

    static let pathNotFound = APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource")

    static let methodNotAllowed = APIError(
        code: 405, reason: "MethodNotAllowed", message: "the server does not allow this method on the requested resource")

    static func internalError(_ message: String) -> APIError {
        APIError(code: 500, reason: "InternalError", message: "Internal error occurred: \(message)")
    }

    /// The `Status` body.
    var status: JSONValue {
        var members: [String: JSONValue] = [
            "kind": "Status", "apiVersion": "v1", "metadata": .object([:]), "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .integer(Int64(code)),
        ]
        if let details {
            var detail: [String: JSONValue] = ["name": .string(details.name), "group": .string(details.group), "kind": .string(details.kind)]
            if !details.causes.isEmpty {
                detail["causes"] = .array(details.causes.map {
                    .object(["reason": .string($0.reason), "message": .string($0.message), "field": .string($0.field)])
                })
            }
            members["details"] = .object(detail)
        }
        return .object(members)
    }
}
