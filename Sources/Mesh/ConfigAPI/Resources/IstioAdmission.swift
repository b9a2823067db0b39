/// How strictly unknown fields are treated (the `fieldValidation` query parameter; kubectl
/// 1.32 sends Strict, the apiserver's default is Warn).
enum FieldValidation: String, Sendable {
    case strict = "Strict"
    case warn = "Warn"
    case ignore = "Ignore"
}

/// A body that passed admission: the object to store (unknown fields pruned unless Strict
/// refused them), its typed spec, and warnings for the client.
struct AdmittedObject: Sendable {
    var object: JSONValue
    var spec: IstioTypedSpec
    var warnings: [String]
}

/// The typed spec discovery reads, derived from the stored object.
enum IstioTypedSpec: Sendable, Equatable {
    case virtualService(VirtualService)
    case destinationRule(DestinationRule)
}

/// The apiserver's order for a write: decode (kind, apiVersion, unknown fields), schema types,
/// then Istio's own validation; then the typed spec for discovery.
enum IstioAdmission {
    static func admit(_ body: JSONValue, as kind: IstioResourceKind, fieldValidation: FieldValidation) throws(APIError) -> AdmittedObject {
        guard case .object = body else { throw .badRequest("the body must be a JSON object, not \(body.typeName)") }
        guard let bodyKind = body["kind"]?.stringValue, !bodyKind.isEmpty else {
            throw .badRequest("Object 'Kind' is missing in '\(JSONCoding.text(body).prefix(200))'")
        }
        guard bodyKind == kind.kind else {
            throw .badRequest("the kind in the body (\(bodyKind)) does not match the kind on the URL (\(kind.kind))")
        }
        guard let apiVersion = body["apiVersion"]?.stringValue, apiVersion == IstioResourceKind.apiVersion else {
            throw .badRequest(
                "the API version in the data (\(body["apiVersion"]?.stringValue ?? "")) does not match the expected API version (\(IstioResourceKind.apiVersion))")
        }
        var check = SchemaCheck()
        let pruned = check.check(body, against: kind.schema, at: FieldPath(""))
        var warnings: [String] = []
        if !check.unknownFields.isEmpty {
            switch fieldValidation {
            case .strict: throw .strictDecoding(kind, unknownFields: check.unknownFields)
            case .warn: warnings = check.unknownFields.map { "unknown field \"\($0)\"" }
            case .ignore: break
            }
        }
        let name = body["metadata"]?["name"]?.stringValue ?? ""
        if !check.errors.isEmpty { throw .invalid(kind, name, check.errors) }
        guard let spec = pruned["spec"], !spec.isNull else { throw .invalid(kind, name, [.required(FieldPath("spec"))]) }
        let semantic =
            switch kind {
            case .virtualService: VirtualServiceValidation.validate(spec, at: FieldPath("spec"))
            case .destinationRule: DestinationRuleValidation.validate(spec, at: FieldPath("spec"))
            }
        if !semantic.isEmpty { throw .invalid(kind, name, semantic) }
        do {
            return AdmittedObject(object: pruned, spec: try typedSpec(spec, kind: kind), warnings: warnings)
        } catch {
            throw .invalid(kind, name, [.invalid(FieldPath("spec"), .string("object"), "cannot be read as a \(kind.kind): \(error)")])
        }
    }

    /// The shared Config model of a spec. Proto3 leaves out zero values, so fields the models
    /// require get their proto default first (retries.attempts = 0, tcp route = []).
    static func typedSpec(_ spec: JSONValue, kind: IstioResourceKind) throws -> IstioTypedSpec {
        switch kind {
        case .virtualService:
            var spec = spec
            if var http = spec["http"]?.arrayValue {
                for index in http.indices where http[index]["retries"]?.objectValue != nil && http[index]["retries"]?["attempts"] == nil {
                    http[index]["retries"]?["attempts"] = .integer(0)
                }
                spec["http"] = .array(http)
            }
            if var tcp = spec["tcp"]?.arrayValue {
                for index in tcp.indices where (tcp[index]["route"] ?? .null).isNull { tcp[index]["route"] = .array([]) }
                spec["tcp"] = .array(tcp)
            }
            if (spec["hosts"] ?? .null).isNull { spec["hosts"] = .array([]) }
            return .virtualService(try JSONCoding.decode(VirtualService.self, from: spec))
        case .destinationRule:
            var spec = spec
            if (spec["host"] ?? .null).isNull { spec["host"] = .string("") }
            return .destinationRule(try JSONCoding.decode(DestinationRule.self, from: spec))
        }
    }
}
